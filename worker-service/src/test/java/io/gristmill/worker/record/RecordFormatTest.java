package io.gristmill.worker.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordFormatTest {

  private static byte[] write(List<byte[][]> records) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (RecordFormat.Writer writer = RecordFormat.writer(bytes)) {
      for (byte[][] record : records) {
        writer.write(record[0], record[1]);
      }
      assertThat(writer.records()).isEqualTo(records.size());
    }
    return bytes.toByteArray();
  }

  private static List<byte[][]> read(byte[] bytes) throws IOException {
    List<byte[][]> records = new ArrayList<>();
    try (RecordFormat.Reader reader = RecordFormat.reader(new ByteArrayInputStream(bytes))) {
      while (reader.next()) {
        records.add(new byte[][] {reader.key(), reader.value()});
      }
    }
    return records;
  }

  @Test
  void roundTripsRecordsOfEverySize() throws IOException {
    Random random = new Random(7);
    List<byte[][]> records = new ArrayList<>();
    for (int size : new int[] {0, 1, 127, 128, 16_383, 16_384, 300_000}) {
      byte[] key = new byte[size];
      byte[] value = new byte[size / 2 + 1];
      random.nextBytes(key);
      random.nextBytes(value);
      records.add(new byte[][] {key, value});
    }
    List<byte[][]> back = read(write(records));
    assertThat(back).hasSameSizeAs(records);
    for (int i = 0; i < records.size(); i++) {
      assertThat(back.get(i)[0]).isEqualTo(records.get(i)[0]);
      assertThat(back.get(i)[1]).isEqualTo(records.get(i)[1]);
    }
  }

  @Test
  void encodesLengthsAsVarintsBeforeTheBytes() throws IOException {
    byte[] bytes = write(List.<byte[][]>of(new byte[][] {"word".getBytes(StandardCharsets.UTF_8), Varint.encode(300)}));
    assertThat(bytes).containsExactly(4, 'w', 'o', 'r', 'd', 2, 0xAC - 256, 0x02);
  }

  @Test
  void anEmptyRunIsAnEmptyFile() throws IOException {
    assertThat(write(List.of())).isEmpty();
    assertThat(read(new byte[0])).isEmpty();
  }

  @Test
  void varintsRoundTripAtTheEdges() {
    for (long value : new long[] {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, Long.MAX_VALUE, -1}) {
      assertThat(Varint.decode(Varint.encode(value))).isEqualTo(value);
    }
    assertThat(Varint.encode(1)).containsExactly(1);
    assertThat(Varint.encode(-1)).hasSize(10);
  }

  @Test
  void rejectsMalformedVarints() {
    assertThatThrownBy(() -> Varint.decode(new byte[] {(byte) 0x80}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("truncated varint");
    assertThatThrownBy(() -> Varint.decode(new byte[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("varint followed by 1 stray bytes");
  }

  @Test
  void failsClearlyOnATruncatedRecord() throws IOException {
    byte[] bytes = write(List.<byte[][]>of(new byte[][] {"key".getBytes(StandardCharsets.UTF_8), new byte[10]}));
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
    assertThatThrownBy(() -> read(truncated))
        .isInstanceOf(EOFException.class).hasMessage("stream ended inside a value of 10 bytes");
    assertThatThrownBy(() -> read(new byte[] {3, 'k'}))
        .isInstanceOf(EOFException.class).hasMessage("stream ended inside a key of 3 bytes");
  }
}
