package io.gristmill.mapreduce;

/**
 * The reduce half of a job: called once per distinct map output key of its partition, in key byte order, with
 * every value for that key from every map task. A new instance runs each reduce task, on one thread: {@link
 * #setup}, {@link #reduce} per key, {@link #cleanup}. The values iterable may be iterated once; the order of values
 * is not specified. A reducer named by a custom job must be public with a public no-argument constructor.
 *
 * <pre>{@code
 * public class Sum implements Reducer<String, Long, String, Long> {
 *   public void reduce(String key, Iterable<Long> values, ReduceContext<String, Long> context) {
 *     long total = 0;
 *     for (long v : values) total += v;
 *     context.write(key, total);
 *   }
 * }
 * }</pre>
 *
 * @param <K> map output key type
 * @param <V> map output value type
 * @param <KO> output key type
 * @param <VO> output value type
 */
public interface Reducer<K, V, KO, VO> {

  /** Called once before the first key. */
  default void setup(ReduceContext<KO, VO> context) throws Exception {}

  /** Called once per key; an exception fails the task attempt. */
  void reduce(K key, Iterable<V> values, ReduceContext<KO, VO> context) throws Exception;

  /** Called once after the last key; may still write. */
  default void cleanup(ReduceContext<KO, VO> context) throws Exception {}
}
