package io.gristmill.worker.split;

import java.io.IOException;

/**
 * Receives the lines of a split a block at a time, for mappers that need neither each line's offset nor a call per
 * line (word count): a profile of word count had the per-line calls, and the newline search made for each line,
 * between the read buffer and the tokeniser.
 */
@FunctionalInterface
public interface LineBlockConsumer {

  /**
   * {@code bytes[offset, offset + length)} holds one or more whole lines in file order, each ending with its
   * {@code '\n'} except that the last may come without it (the file's last line, or a line that crossed read
   * buffers). So a block starts where a line starts and ends where one ends: it never cuts a line, nor anything
   * inside one such as a word or a UTF-8 sequence. The bytes are only valid during the call.
   */
  void accept(byte[] bytes, int offset, int length) throws IOException;
}
