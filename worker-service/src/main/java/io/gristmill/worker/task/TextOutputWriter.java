package io.gristmill.worker.task;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** Writes reduce output as lines {@code key<TAB>value\n}, the way Hadoop's TextOutputFormat does. */
final class TextOutputWriter implements Closeable {

  private final OutputStream out;
  private long records;

  TextOutputWriter(OutputStream out) {
    this.out = new BufferedOutputStream(out, 64 << 10);
  }

  void write(byte[] key, byte[] value) throws IOException {
    out.write(key);
    out.write('\t');
    out.write(value);
    out.write('\n');
    records++;
  }

  long records() {
    return records;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
