package io.gristmill.mapreduce;

/**
 * The map half of a job: called once per input line, it emits any number of key/value pairs. A new instance
 * runs each map task (so fields may hold per-task state), on one thread: {@link #setup}, {@link #map} for every
 * line of the task's split in file order, then {@link #cleanup}. A task that is retried runs on a new instance.
 *
 * <p>The mapper also names how its output is serialized: keys are sorted and grouped by the bytes of {@link
 * #keySerde()}. A mapper named by a custom job must be public with a public no-argument constructor.
 *
 * <pre>{@code
 * public class LineLengths implements Mapper<String, Long> {
 *   public void map(InputLine line, MapContext<String, Long> context) {
 *     context.emit(line.fileName(), (long) line.length());
 *   }
 *   public Serde<String> keySerde() { return Serdes.utf8(); }
 *   public Serde<Long> valueSerde() { return Serdes.longs(); }
 * }
 * }</pre>
 *
 * @param <K> map output key type
 * @param <V> map output value type
 */
public interface Mapper<K, V> {

  /** Called once before the first line. */
  default void setup(MapContext<K, V> context) throws Exception {}

  /** Called once per line; may emit through {@code context}. An exception fails the task attempt. */
  void map(InputLine line, MapContext<K, V> context) throws Exception;

  /** Called once after the last line; may still emit. */
  default void cleanup(MapContext<K, V> context) throws Exception {}

  /** How map output keys become bytes; keys sort by these bytes. */
  Serde<K> keySerde();

  /** How map output values become bytes. */
  Serde<V> valueSerde();
}
