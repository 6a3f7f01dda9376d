package io.gristmill.mapreduce;

/**
 * Turns keys or values of one type into bytes and back. Map output keys are sorted and grouped by their bytes in
 * unsigned lexicographic order, so a key serde decides the order in which a reducer sees its keys (as a raw
 * comparator does in Hadoop). {@link Serdes} holds the built-in ones; implement this interface for your own types.
 *
 * <p>{@code fromBytes(toBytes(x))} must equal {@code x}, and equal keys must have equal bytes.
 *
 * @param <T> the type
 */
public interface Serde<T> {

  /** The bytes of {@code value}; the caller owns the returned array. */
  byte[] toBytes(T value);

  /** The value {@code bytes} encode; the array belongs to the callee afterwards. */
  T fromBytes(byte[] bytes);
}
