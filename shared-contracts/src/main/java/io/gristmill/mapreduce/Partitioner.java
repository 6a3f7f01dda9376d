package io.gristmill.mapreduce;

/**
 * Chooses the reduce partition of a map output key. Every key must go to the same partition in every map task of a
 * job, so an implementation must be a pure function of its arguments. The default is {@link HashPartitioner}.
 *
 * <p>A partitioner named by a custom job must be public with a public no-argument constructor.
 *
 * @param <K> the map output key type
 */
@FunctionalInterface
public interface Partitioner<K> {

  /**
   * @param key the key as the mapper emitted it
   * @param keyBytes the key as its {@link Serde} wrote it; do not modify
   * @param partitions R, the number of reduce tasks, at least 1
   * @return a partition in {@code [0, partitions)}
   */
  int partition(K key, byte[] keyBytes, int partitions);
}
