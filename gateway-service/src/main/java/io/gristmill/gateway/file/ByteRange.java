package io.gristmill.gateway.file;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a file, from an HTTP {@code Range} header (RFC 9110, section 14). Only a single range of
 * unit {@code bytes} is served as 206; any other header is ignored and the whole file is sent, which the RFC
 * allows. A syntactically valid range that starts past the end is not satisfiable (416).
 *
 * @param first offset of the first byte
 * @param last offset of the last byte, inclusive
 */
record ByteRange(long first, long last) {

  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} value for a file of {@code size} bytes. */
  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /** The range asked for in a file of {@code size} bytes; empty for the whole file. */
  static Optional<ByteRange> parse(String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = SINGLE.matcher(header.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || size == 0) {
          throw new RangeNotSatisfiableException(header, size);
        }
        return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
      }
      long first = Long.parseLong(m.group(1));
      long last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
      if (last < first) {
        return Optional.empty(); // not a valid range: ignored
      }
      if (first >= size) {
        throw new RangeNotSatisfiableException(header, size);
      }
      return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
    } catch (NumberFormatException e) {
      return Optional.empty(); // more digits than a long holds: not a range we can serve, so ignored
    }
  }
}
