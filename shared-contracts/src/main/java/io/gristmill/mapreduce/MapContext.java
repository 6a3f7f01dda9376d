package io.gristmill.mapreduce;

/** A map task's context: parameters, counters, and {@link #emit} for map output. */
public interface MapContext<K, V> extends TaskContext, Emitter<K, V> {}
