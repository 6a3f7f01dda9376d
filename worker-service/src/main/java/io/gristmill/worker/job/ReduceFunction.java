package io.gristmill.worker.job;

import java.io.IOException;
import java.util.Iterator;

/** One reduce task's logic, called once per key in key order with that key's values from every map output. */
public interface ReduceFunction {

  void reduce(byte[] key, Iterator<byte[]> values, Output out) throws IOException;

  /** Takes output records; the platform decides how they are written. */
  @FunctionalInterface
  interface Output {
    void write(byte[] key, byte[] value) throws IOException;
  }
}
