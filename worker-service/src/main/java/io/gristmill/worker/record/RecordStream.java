package io.gristmill.worker.record;

import java.io.Closeable;
import java.io.IOException;

/** A sequence of key/value records read one at a time. */
public interface RecordStream extends Closeable {

  /** Moves to the next record; false at the end. */
  boolean next() throws IOException;

  /** The current record's key; the array belongs to the caller. */
  byte[] key();

  /** The current record's value; the array belongs to the caller. */
  byte[] value();
}
