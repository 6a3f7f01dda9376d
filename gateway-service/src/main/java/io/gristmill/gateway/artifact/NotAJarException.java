package io.gristmill.gateway.artifact;

import java.io.IOException;

/** An artifact upload that is not a jar (zip) file. An {@link IOException} so the upload is cancelled. */
final class NotAJarException extends IOException {

  NotAJarException() {
    super("An artifact must be a jar file; the body does not start with the zip signature PK\\x03\\x04.");
  }
}
