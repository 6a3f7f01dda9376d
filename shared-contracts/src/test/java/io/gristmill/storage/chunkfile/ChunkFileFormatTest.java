package io.gristmill.storage.chunkfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkFileFormatTest {

  static final int BLOCK = ChunkFileFormat.BLOCK_SIZE;

  @TempDir
  Path directory;

  byte[] bytes;
  Path data;
  Path table;

  @BeforeEach
  void writeAReplica() throws Exception {
    bytes = new byte[5 * BLOCK + 123];
    new Random(3).nextBytes(bytes);
    data = Files.write(directory.resolve("h"), bytes);
    ByteBuffer entries = ByteBuffer.allocate(6 * ChunkFileFormat.ENTRY_BYTES);
    for (int from = 0; from < bytes.length; from += BLOCK) {
      CRC32C crc = new CRC32C();
      crc.update(bytes, from, Math.min(BLOCK, bytes.length - from));
      entries.putInt((int) crc.getValue());
    }
    table = Files.write(directory.resolve("h.crc"), entries.array());
  }

  @Test
  void piecesReadIntoOneReusedBufferHoldTheRequestedBytes() throws Exception {
    ByteBuffer reuse = ByteBuffer.allocate(ChunkFileFormat.blocksSpanned(2 * BLOCK));
    try (FileChannel d = FileChannel.open(data); FileChannel t = FileChannel.open(table)) {
      for (long offset : new long[] {0, 7, BLOCK - 1, 3L * BLOCK + 5, bytes.length - 2 * BLOCK}) {
        ByteBuffer piece = ChunkFileFormat.readVerified(d, t, bytes.length, offset, 2 * BLOCK, reuse);

        assertThat(toArray(piece)).isEqualTo(Arrays.copyOfRange(bytes, (int) offset, (int) offset + 2 * BLOCK));
      }
    }
  }

  @Test
  void pieceLargerThanTheReusedBufferIsReadIntoAFreshOne() throws Exception {
    ByteBuffer reuse = ByteBuffer.allocate(BLOCK);
    try (FileChannel d = FileChannel.open(data); FileChannel t = FileChannel.open(table)) {
      ByteBuffer piece = ChunkFileFormat.readVerified(d, t, bytes.length, 10, 3 * BLOCK, reuse);

      assertThat(toArray(piece)).isEqualTo(Arrays.copyOfRange(bytes, 10, 10 + 3 * BLOCK));
    }
  }

  @Test
  void blockThatFailsItsChecksumIsRefusedWhenReadIntoAReusedBuffer() throws Exception {
    bytes[4 * BLOCK + 9] ^= 1;
    Files.write(data, bytes);
    ByteBuffer reuse = ByteBuffer.allocate(ChunkFileFormat.blocksSpanned(2 * BLOCK));
    try (FileChannel d = FileChannel.open(data); FileChannel t = FileChannel.open(table)) {
      assertThatThrownBy(() -> ChunkFileFormat.readVerified(d, t, bytes.length, 3L * BLOCK + 1, 2 * BLOCK, reuse))
          .isInstanceOfSatisfying(ChunkFileFormat.ChecksumMismatchException.class,
              e -> assertThat(e.block()).isEqualTo(4));
    }
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
