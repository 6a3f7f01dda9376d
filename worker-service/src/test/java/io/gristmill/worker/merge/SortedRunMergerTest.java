package io.gristmill.worker.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.worker.record.RecordStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortedRunMergerTest {

  /** A run of "key=value" records held in memory. */
  private static final class Run implements RecordStream {
    private final Iterator<String> records;
    private String current;
    boolean closed;

    Run(String... records) {
      this.records = List.of(records).iterator();
    }

    @Override
    public boolean next() {
      current = records.hasNext() ? records.next() : null;
      return current != null;
    }

    @Override
    public byte[] key() {
      return current.split("=")[0].getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] value() {
      return current.split("=")[1].getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static List<String> drain(RecordStream stream) throws Exception {
    List<String> out = new ArrayList<>();
    while (stream.next()) {
      out.add(new String(stream.key(), StandardCharsets.UTF_8) + "=" + new String(stream.value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void mergesSortedRunsIntoOneSortedStreamKeepingRunOrderForEqualKeys() throws Exception {
    Run first = new Run("apple=1", "cherry=1", "cherry=2", "zebra=1");
    Run empty = new Run();
    Run second = new Run("banana=2", "cherry=3");
    Run third = new Run("apple=3", "éclair=3");
    try (SortedRunMerger merger = new SortedRunMerger(List.of(first, empty, second, third))) {
      assertThat(drain(merger)).containsExactly(
          "apple=1", "apple=3", "banana=2", "cherry=1", "cherry=2", "cherry=3", "zebra=1", "éclair=3");
    }
    assertThat(List.of(first, empty, second, third)).allSatisfy(run -> assertThat(run.closed).isTrue());
  }

  @Test
  void mergesAnyNumberOfRunsExactlyLikeAStableSortOfAllTheirRecords() throws Exception {
    Random random = new Random(20261122);
    // Keys share long prefixes, hold zero bytes and end short of eight bytes: the cases the key prefixes must get
    // right.
    String[] alphabet = {"a", "b", "\0", "\u00e9", "commonprefix", "commonprefiy"};
    for (int k : new int[] {1, 2, 3, 5, 8, 13, 64, 100, 1000}) {
      List<Run> runs = new ArrayList<>();
      List<String> all = new ArrayList<>();
      for (int run = 0; run < k; run++) {
        List<String> records = new ArrayList<>();
        int size = random.nextInt(12);
        for (int i = 0; i < size; i++) {
          StringBuilder key = new StringBuilder();
          for (int part = random.nextInt(4); part >= 0; part--) {
            key.append(alphabet[random.nextInt(alphabet.length)]);
          }
          records.add(key + "=" + run + "." + i);
        }
        records.sort(Comparator.comparing(SortedRunMergerTest::keyBytes, Arrays::compareUnsigned));
        all.addAll(records);
        runs.add(new Run(records.toArray(String[]::new)));
      }
      // List.sort is stable: equal keys keep run order, then their order within the run.
      all.sort(Comparator.comparing(SortedRunMergerTest::keyBytes, Arrays::compareUnsigned));

      try (SortedRunMerger merger = new SortedRunMerger(runs)) {
        assertThat(drain(merger)).as("%d runs", k).containsExactlyElementsOf(all);
        assertThat(merger.next()).as("still ended").isFalse();
      }
    }
  }

  @Test
  void keyPrefixesOrderKeysAsTheirBytesDoWheneverTheyDiffer() {
    byte[] high = new byte[9];
    Arrays.fill(high, 0, 8, (byte) 0xFF);
    byte[][] keys = {{}, {0}, {0, 0, 0, 0, 0, 0, 0, 0, 1}, {1}, {1, 0}, {1, 2, 3, 4, 5, 6, 7, 8},
        {1, 2, 3, 4, 5, 6, 7, 8, 9}, {(byte) 0x80}, high};
    for (byte[] a : keys) {
      for (byte[] b : keys) {
        int byPrefix = Long.compareUnsigned(SortedRunMerger.prefix(a), SortedRunMerger.prefix(b));
        if (byPrefix != 0) {
          assertThat(Integer.signum(byPrefix)).as("%s vs %s", Arrays.toString(a), Arrays.toString(b))
              .isEqualTo(Integer.signum(Arrays.compareUnsigned(a, b)));
        }
      }
    }
  }

  private static byte[] keyBytes(String record) {
    return record.split("=")[0].getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void mergingNoRunsYieldsNothing() throws Exception {
    try (SortedRunMerger merger = new SortedRunMerger(List.of())) {
      assertThat(merger.next()).isFalse();
    }
  }

  @Test
  void groupsMergedRecordsByKeyAndSkipsValuesLeftUnread() throws Exception {
    SortedRunMerger merger = new SortedRunMerger(List.of(
        new Run("a=1", "b=1", "c=1"), new Run("a=2", "b=2"), new Run("b=3", "d=4")));
    KeyGroups groups = new KeyGroups(merger);
    List<String> seen = new ArrayList<>();
    while (groups.nextGroup()) {
      String key = new String(groups.key(), StandardCharsets.UTF_8);
      Iterator<byte[]> values = groups.values();
      if (key.equals("b")) {
        seen.add(key + ":" + new String(values.next(), StandardCharsets.UTF_8)); // reads one of three
        continue;
      }
      StringBuilder all = new StringBuilder(key + ":");
      values.forEachRemaining(v -> all.append(new String(v, StandardCharsets.UTF_8)));
      seen.add(all.toString());
    }
    assertThat(seen).containsExactly("a:12", "b:1", "c:1", "d:4");
    assertThat(groups.groups()).isEqualTo(4);
    assertThat(groups.records()).isEqualTo(7);
  }
}
