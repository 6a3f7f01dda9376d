package io.gristmill.gateway.job;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * K-way merge of runs of {@code key<TAB>value} lines, each sorted by key in UTF-8 byte order, into one run in
 * the same order. It works on bytes, never on decoded text: comparing Java strings would use UTF-16 order,
 * which differs from UTF-8 order above U+FFFF, and re-encoding could alter bytes. Memory holds one line per run.
 */
final class SortedRunMerger {

  private static final byte TAB = '\t';
  private static final byte NEWLINE = '\n';

  private SortedRunMerger() {}

  /**
   * Writes the merged lines of {@code runs} to {@code out}, each ending in a newline, and stops after {@code
   * limit} lines. Empty lines are dropped. Lines with equal keys come out in run order. Does not close anything.
   *
   * @return the number of lines written
   */
  static long merge(List<InputStream> runs, OutputStream out, long limit) throws IOException {
    PriorityQueue<Run> queue = new PriorityQueue<>(Math.max(1, runs.size()));
    for (int i = 0; i < runs.size(); i++) {
      Run run = new Run(i, runs.get(i));
      if (run.advance()) {
        queue.add(run);
      }
    }
    long written = 0;
    while (written < limit && !queue.isEmpty()) {
      Run smallest = queue.poll();
      out.write(smallest.line, 0, smallest.length);
      out.write(NEWLINE);
      written++;
      if (smallest.advance()) {
        queue.add(smallest);
      }
    }
    return written;
  }

  /** One input with its current line. */
  private static final class Run implements Comparable<Run> {
    private final int order;
    private final InputStream in;
    private byte[] line = new byte[256];
    private int length;
    private int keyLength;

    Run(int order, InputStream in) {
      this.order = order;
      this.in = new BufferedInputStream(in, 64 * 1024);
    }

    /** Reads the next non-empty line; false at the end of the run. */
    boolean advance() throws IOException {
      do {
        length = 0;
        int b;
        while ((b = in.read()) >= 0 && b != NEWLINE) {
          if (length == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
          }
          line[length++] = (byte) b;
        }
        if (length == 0 && b < 0) {
          return false;
        }
      } while (length == 0);
      keyLength = keyLength();
      return true;
    }

    private int keyLength() {
      for (int i = 0; i < length; i++) {
        if (line[i] == TAB) {
          return i;
        }
      }
      return length;
    }

    @Override
    public int compareTo(Run other) {
      int byKey = Arrays.compareUnsigned(line, 0, keyLength, other.line, 0, other.keyLength);
      return byKey != 0 ? byKey : Integer.compare(order, other.order);
    }
  }
}
