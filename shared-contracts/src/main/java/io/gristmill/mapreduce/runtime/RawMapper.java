package io.gristmill.mapreduce.runtime;

import java.io.IOException;

/** One map task over lines of bytes: emits partitioned records into the {@link MapCollector} it was made with. */
public interface RawMapper {

  /**
   * One line without its {@code '\n'}; the bytes are valid only during the call.
   *
   * @param offset byte offset of the line within its file
   */
  void map(long offset, byte[] line, int start, int length) throws IOException;

  /** Called once after the last line; may still collect. */
  void finish() throws IOException;
}
