package io.gristmill.mapreduce;

/**
 * An optional map-side reducer: folds some of one key's values into fewer values of the same types before they
 * are shuffled, to save disk and network. The platform may run it zero, one or several times on any subset of a
 * key's values (when a map task's buffer spills, and when spills are merged), so the job's result must not depend
 * on whether it runs: use it for associative, commutative folds such as sums. A new instance serves each task.
 * A combiner named by a custom job must be public with a public no-argument constructor.
 *
 * @param <K> map output key type
 * @param <V> map output value type
 */
@FunctionalInterface
public interface Combiner<K, V> {

  /** Emits the folded values of {@code key} (usually one pair, with the same key). */
  void combine(K key, Iterable<V> values, Emitter<K, V> out) throws Exception;
}
