package io.gristmill.gateway.file;

import java.io.IOException;
import org.springframework.util.unit.DataSize;

/**
 * An upload body over {@code gristmill.gateway.max-upload-size}. An {@link IOException} so that it passes
 * through the blob-store client, which cancels the upload (leaving no file) and rethrows it.
 */
public final class UploadTooLargeException extends IOException {

  UploadTooLargeException(DataSize limit) {
    this(limit, "gristmill.gateway.max-upload-size");
  }

  /** @param setting the property that sets the limit, named in the message */
  public UploadTooLargeException(DataSize limit, String setting) {
    super("The upload is larger than the limit of " + limit.toBytes() + " bytes (" + setting + ").");
  }
}
