package io.gristmill.gateway.file;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.util.unit.DataSize;

/**
 * Counts the bytes of an upload as they stream through and fails once they pass the limit, because a body
 * without Content-Length (chunked) can only be measured while it is read.
 */
public final class LimitedInputStream extends FilterInputStream {

  private final DataSize limit;
  private final String setting;
  private long count;

  LimitedInputStream(InputStream in, DataSize limit) {
    this(in, limit, "gristmill.gateway.max-upload-size");
  }

  /** @param setting the property that sets the limit, named in the error */
  public LimitedInputStream(InputStream in, DataSize limit, String setting) {
    super(in);
    this.limit = limit;
    this.setting = setting;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      counted(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    counted(skipped);
    return skipped;
  }

  private void counted(long n) throws UploadTooLargeException {
    count += n;
    if (count > limit.toBytes()) {
      throw new UploadTooLargeException(limit, setting);
    }
  }
}
