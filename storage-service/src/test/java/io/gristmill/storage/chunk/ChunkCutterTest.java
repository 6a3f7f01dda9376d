package io.gristmill.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.storage.chunk.ChunkCutter.Piece;
import org.junit.jupiter.api.Test;

class ChunkCutterTest {

  private final ChunkCutter cutter = new ChunkCutter(100);

  @Test
  void keepsARunInsideItsChunk() {
    assertThat(cutter.pieceAt(0, 30)).isEqualTo(new Piece(0, 0, 30, false));
    assertThat(cutter.pieceAt(30, 500)).isEqualTo(new Piece(0, 30, 70, true));
  }

  @Test
  void startsTheNextChunkExactlyAtTheEdge() {
    assertThat(cutter.pieceAt(100, 1)).isEqualTo(new Piece(1, 0, 1, false));
    assertThat(cutter.pieceAt(199, 2)).isEqualTo(new Piece(1, 99, 1, true));
    assertThat(cutter.pieceAt(250, 50)).isEqualTo(new Piece(2, 50, 50, true));
  }

  @Test
  void countsChunksOfAFile() {
    assertThat(cutter.chunkCount(0)).isZero();
    assertThat(cutter.chunkCount(1)).isEqualTo(1);
    assertThat(cutter.chunkCount(100)).isEqualTo(1);
    assertThat(cutter.chunkCount(101)).isEqualTo(2);
    assertThat(new ChunkCutter(64L << 20).chunkCount(1L << 40)).isEqualTo(16384);
  }

  @Test
  void rejectsEmptyRunsAndChunks() {
    assertThatThrownBy(() -> cutter.pieceAt(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ChunkCutter(0)).hasMessage("chunk size must be positive; was 0");
  }
}
