package io.gristmill.gateway.file;

/** A {@code Range} that starts past the end of the file; answered 416 with the file's size. */
final class RangeNotSatisfiableException extends RuntimeException {

  private final long size;

  RangeNotSatisfiableException(String range, long size) {
    super("The range '" + range + "' does not overlap the file's " + size + " bytes.");
    this.size = size;
  }

  long size() {
    return size;
  }
}
