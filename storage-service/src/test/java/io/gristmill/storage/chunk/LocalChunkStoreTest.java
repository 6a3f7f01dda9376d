package io.gristmill.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalChunkStoreTest {

  @TempDir
  Path directory;

  private final UUID handle = UUID.randomUUID();

  @Test
  void readsBackAnyRangeOfASealedChunk() throws Exception {
    LocalChunkStore store = new LocalChunkStore(directory);
    byte[] data = random(3 * BlockChecksums.BLOCK_SIZE + 5);
    write(store, data);

    try (VerifiedChunkFile file = store.open(handle)) {
      assertThat(file.size()).isEqualTo(data.length);
      assertThat(bytes(file.read(0, data.length))).isEqualTo(data);
      assertThat(bytes(file.read(65_530, 20))).isEqualTo(Arrays.copyOfRange(data, 65_530, 65_550));
      assertThat(bytes(file.read(data.length - 3, 3))).isEqualTo(Arrays.copyOfRange(data, data.length - 3,
          data.length));
    }
    assertThat(directory).isDirectoryContaining(p -> p.getFileName().toString().equals(handle + ".crc"));
  }

  @Test
  void refusesBytesThatFailTheirBlockChecksum() throws Exception {
    LocalChunkStore store = new LocalChunkStore(directory);
    byte[] data = random(2 * BlockChecksums.BLOCK_SIZE);
    write(store, data);
    flipByte(directory.resolve(handle.toString()), BlockChecksums.BLOCK_SIZE + 7);

    try (VerifiedChunkFile file = store.open(handle)) {
      assertThat(bytes(file.read(0, 100))).isEqualTo(Arrays.copyOf(data, 100));
      assertThatThrownBy(() -> file.read(BlockChecksums.BLOCK_SIZE - 1, 2))
          .isInstanceOfSatisfying(ReplicaUnusableException.class,
              e -> assertThat(e.kind()).isEqualTo(ReplicaUnusableException.Kind.CORRUPT))
          .hasMessage("chunk " + handle + " fails the checksum of block 1");
    }
  }

  @Test
  void reportsAChunkItDoesNotHoldAsMissing() {
    LocalChunkStore store = new LocalChunkStore(directory);

    assertThatThrownBy(() -> store.open(handle))
        .isInstanceOfSatisfying(ReplicaUnusableException.class,
            e -> assertThat(e.kind()).isEqualTo(ReplicaUnusableException.Kind.MISSING))
        .hasMessage("chunk " + handle + " is not stored on this node");
  }

  @Test
  void reportsATruncatedChunkAsCorrupt() throws Exception {
    LocalChunkStore store = new LocalChunkStore(directory);
    write(store, random(2 * BlockChecksums.BLOCK_SIZE));
    try (var channel = java.nio.channels.FileChannel.open(directory.resolve(handle.toString()),
        java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(BlockChecksums.BLOCK_SIZE);
    }

    assertThatThrownBy(() -> store.open(handle))
        .hasMessage("chunk " + handle + " has 65536 bytes but a checksum table of 8 bytes");
  }

  @Test
  void abortRemovesEverythingWritten() throws Exception {
    LocalChunkStore store = new LocalChunkStore(directory);
    ChunkFileWriter writer = store.create(handle);
    writer.write(ByteBuffer.wrap(random(1000)));

    writer.abort();

    try (var files = Files.list(directory)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aChunkBeingSealedIsListedUnsealedUntilItsVersionIsRecorded() throws Exception {
    LocalChunkStore store = new LocalChunkStore(directory);
    ChunkFileWriter writer = store.create(handle);
    writer.write(ByteBuffer.wrap(random(1000)));
    // Where a seal stands between forcing the checksum table and recording the version.
    Files.write(store.checksumFile(handle), new byte[4]);

    assertThat(store.list()).extracting(LocalChunkStore.HeldChunk::version).containsExactly(0L);

    Files.delete(store.checksumFile(handle));
    writer.seal(2);
    assertThat(store.list()).extracting(LocalChunkStore.HeldChunk::version).containsExactly(2L);
  }

  @Test
  void aSealedChunkWithoutAVersionFileIsListedAtTheFirstVersion() throws Exception {
    LocalChunkStore store = new LocalChunkStore(directory);
    write(store, random(1000));
    Files.delete(store.versionFile(handle));

    assertThat(store.list()).extracting(LocalChunkStore.HeldChunk::version).containsExactly(Chunk.FIRST_VERSION);
  }

  @Test
  void anAbortedWriteLeavesNothingListedAndTheHandleWritableAgain() throws Exception {
    LocalChunkStore store = new LocalChunkStore(directory);
    ChunkFileWriter aborted = store.create(handle);
    aborted.write(ByteBuffer.wrap(random(1000)));
    aborted.abort();

    assertThat(store.list()).isEmpty();
    write(store, random(1000));
    assertThat(store.list()).extracting(LocalChunkStore.HeldChunk::version).containsExactly(1L);
  }

  @Test
  void aSecondWriterOfAHandleBeingWrittenFailsWithoutMakingTheFirstLookSealed() throws Exception {
    LocalChunkStore store = new LocalChunkStore(directory);
    ChunkFileWriter first = store.create(handle);
    first.write(ByteBuffer.wrap(random(1000)));
    Files.write(store.checksumFile(handle), new byte[4]);

    assertThatThrownBy(() -> store.create(handle)).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    assertThat(store.list()).extracting(LocalChunkStore.HeldChunk::version).containsExactly(0L);
  }

  private void write(LocalChunkStore store, byte[] data) throws IOException {
    ChunkFileWriter writer = store.create(handle);
    writer.write(ByteBuffer.wrap(data, 0, 1000));
    writer.write(ByteBuffer.wrap(data, 1000, data.length - 1000));
    assertThat(writer.seal(1)).isEqualTo(data.length);
  }

  private static void flipByte(Path file, long position) throws IOException {
    byte[] content = Files.readAllBytes(file);
    content[Math.toIntExact(position)] ^= 0x01;
    Files.write(file, content);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }
}
