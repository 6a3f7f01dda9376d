package io.gristmill.gateway.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The most frequent words of a word count's output: the merged {@code word<TAB>count} lines ranked by count,
 * highest first, ties by word in UTF-8 byte order. A heap of at most {@code limit} lines bounds memory whatever the
 * output's size.
 */
final class TopByCount {

  private record Line(byte[] bytes, int tab, long count) {}

  /** Highest count first, then the smaller word. */
  private static final Comparator<Line> RANK = Comparator.comparingLong(Line::count).reversed()
      .thenComparing((a, b) -> Arrays.compareUnsigned(a.bytes, 0, a.tab, b.bytes, 0, b.tab));

  private TopByCount() {}

  static void write(List<InputStream> parts, OutputStream out, int limit) throws IOException {
    if (limit == 0) {
      return;
    }
    // The heap's head is the lowest-ranked line kept, the first to go when a better one comes.
    PriorityQueue<Line> kept = new PriorityQueue<>(RANK.reversed());
    OutputStream collector = new OutputStream() {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();

      @Override
      public void write(int b) {
        if (b != '\n') {
          line.write(b);
          return;
        }
        offer(line.toByteArray());
        line.reset();
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
          write(bytes[i]);
        }
      }

      private void offer(byte[] bytes) {
        int tab = indexOfTab(bytes);
        long count = tab < 0 ? 0 : parseCount(bytes, tab + 1);
        Line candidate = new Line(bytes, tab < 0 ? bytes.length : tab, count);
        if (kept.size() < limit) {
          kept.add(candidate);
        } else if (RANK.compare(candidate, kept.peek()) < 0) {
          kept.poll();
          kept.add(candidate);
        }
      }
    };
    SortedRunMerger.merge(parts, collector, Long.MAX_VALUE);
    List<Line> ranked = new ArrayList<>(kept);
    ranked.sort(RANK);
    for (Line line : ranked) {
      out.write(line.bytes);
      out.write('\n');
    }
  }

  private static int indexOfTab(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\t') {
        return i;
      }
    }
    return -1;
  }

  private static long parseCount(byte[] bytes, int from) {
    long value = 0;
    for (int i = from; i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
      value = value * 10 + (bytes[i] - '0');
    }
    return value;
  }
}
