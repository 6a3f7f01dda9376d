package io.gristmill.mapreduce.runtime;

/** Takes serialized key/value records; the arrays then belong to the receiver. */
@FunctionalInterface
public interface RecordSink {

  void write(byte[] key, byte[] value);
}
