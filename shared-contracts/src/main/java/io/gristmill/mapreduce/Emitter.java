package io.gristmill.mapreduce;

/**
 * Takes key/value pairs. Keys and values are serialized when emitted, so an object may be reused or changed after
 * the call.
 */
@FunctionalInterface
public interface Emitter<K, V> {

  void emit(K key, V value);
}
