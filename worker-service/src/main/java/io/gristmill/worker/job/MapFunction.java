package io.gristmill.worker.job;

import java.io.IOException;

/** One map task's logic: sees every line of the split, then emits its records (after combining, if it combines). */
public interface MapFunction {

  /** One line without its {@code '\n'}; the bytes are only valid during the call. */
  void map(byte[] line, int offset, int length) throws IOException;

  /** Called once after the last line. */
  void finish(Emitter out) throws IOException;

  /** Takes map output records; the arrays then belong to the receiver. */
  @FunctionalInterface
  interface Emitter {
    void emit(byte[] key, byte[] value);
  }
}
