package io.gristmill.mapreduce.runtime;

/** Takes map output records with their partition; the arrays then belong to the receiver. */
@FunctionalInterface
public interface MapCollector {

  void collect(int partition, byte[] key, byte[] value);
}
