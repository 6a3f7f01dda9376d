package io.gristmill.mapreduce;

import io.gristmill.text.Words;
import java.util.Arrays;

/**
 * One line of an input file, the record a {@link Mapper} sees. A line ends at {@code '\n'}, which is not part of
 * it, nor is a {@code '\r'} right before it; the last line of a file need not end in {@code '\n'}; an empty file
 * has no lines. {@link #text()} decodes UTF-8 with invalid bytes replaced by U+FFFD, so no input can fail to
 * decode.
 */
public final class InputLine {

  private final String fileName;
  private final long offset;
  private final byte[] buffer;
  private final int start;
  private final int length;
  private String text;

  /**
   * Wraps {@code length} bytes of {@code buffer} from {@code start} without copying: the line is valid only
   * during the {@link Mapper#map} call it is passed to. Created by the platform and the local runner.
   */
  public InputLine(String fileName, long offset, byte[] buffer, int start, int length) {
    this.fileName = fileName;
    this.offset = offset;
    this.buffer = buffer;
    this.start = start;
    this.length = length;
  }

  /** The name the input file was uploaded with. */
  public String fileName() {
    return fileName;
  }

  /** Byte offset of the line's first byte within its file. */
  public long offset() {
    return offset;
  }

  /** The line decoded from UTF-8, invalid bytes replaced by U+FFFD. */
  public String text() {
    if (text == null) {
      text = Words.decode(buffer, start, length).toString();
    }
    return text;
  }

  /** A copy of the line's bytes. */
  public byte[] bytes() {
    return Arrays.copyOfRange(buffer, start, start + length);
  }

  /** Length in bytes. */
  public int length() {
    return length;
  }
}
