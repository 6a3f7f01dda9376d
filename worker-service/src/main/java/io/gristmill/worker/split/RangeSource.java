package io.gristmill.worker.split;

import java.io.IOException;
import java.io.InputStream;

/** Where a split's bytes come from: the blob store in a worker, a byte array in tests. */
@FunctionalInterface
public interface RangeSource {

  /** Opens {@code length} (at least 1) bytes from {@code offset}; the caller closes the stream. */
  InputStream open(long offset, long length) throws IOException;
}
