package io.gristmill.mapreduce.runtime;

import java.io.IOException;
import java.util.Iterator;

/** One reduce task: called per key in key byte order; writes output lines to the {@link RecordSink} it was made with. */
public interface RawReducer {

  void reduce(byte[] key, Iterator<byte[]> values) throws IOException;

  /** Called once after the last key; may still write. */
  void finish() throws IOException;
}
