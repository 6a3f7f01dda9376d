package io.gristmill.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class BlockChecksumsTest {

  private static final int BLOCK = BlockChecksums.BLOCK_SIZE;

  @Test
  void writesOneBigEndianEntryPerBlockWithAShortLastBlock() {
    byte[] data = random(2 * BLOCK + 10);
    BlockChecksums.Accumulator accumulator = new BlockChecksums.Accumulator();
    accumulator.update(ByteBuffer.wrap(data));

    ByteBuffer table = ByteBuffer.wrap(accumulator.finish());

    assertThat(table.remaining()).isEqualTo(3 * BlockChecksums.ENTRY_BYTES);
    assertThat(table.getInt()).isEqualTo(crc(data, 0, BLOCK));
    assertThat(table.getInt()).isEqualTo(crc(data, BLOCK, BLOCK));
    assertThat(table.getInt()).isEqualTo(crc(data, 2 * BLOCK, 10));
  }

  @Test
  void givesTheSameTableWhateverTheSlicing() {
    byte[] data = random(3 * BLOCK + 777);
    BlockChecksums.Accumulator whole = new BlockChecksums.Accumulator();
    whole.update(ByteBuffer.wrap(data));
    BlockChecksums.Accumulator sliced = new BlockChecksums.Accumulator();
    for (int at = 0, step = 1; at < data.length; at += step, step = step * 3 + 1) {
      sliced.update(ByteBuffer.wrap(data, at, Math.min(step, data.length - at)));
    }

    assertThat(sliced.finish()).isEqualTo(whole.finish());
  }

  @Test
  void leavesTheCallersBufferUntouched() {
    ByteBuffer buffer = ByteBuffer.wrap(random(100));
    new BlockChecksums.Accumulator().update(buffer);

    assertThat(buffer.position()).isZero();
  }

  @Test
  void countsBlocks() {
    assertThat(BlockChecksums.blockCount(0)).isZero();
    assertThat(BlockChecksums.blockCount(1)).isEqualTo(1);
    assertThat(BlockChecksums.blockCount(BLOCK)).isEqualTo(1);
    assertThat(BlockChecksums.blockCount(BLOCK + 1)).isEqualTo(2);
  }

  private static int crc(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    return (int) crc.getValue();
  }

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }
}
