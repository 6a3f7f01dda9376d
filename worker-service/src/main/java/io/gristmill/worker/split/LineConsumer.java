package io.gristmill.worker.split;

import java.io.IOException;

/** Receives each line of a split without its {@code '\n'}; the bytes are only valid during the call. */
@FunctionalInterface
public interface LineConsumer {

  /**
   * @param position byte offset of the line's first byte within the file
   */
  void accept(long position, byte[] bytes, int offset, int length) throws IOException;
}
