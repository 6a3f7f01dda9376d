package io.gristmill.bench.jmh;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The storage node's block checksums: {@link CRC32C} over every 64 KiB block of 4 MiB, from a heap array (what
 * the upload path holds) and from a direct buffer (what a file channel reads into). Each operation is 4 MiB;
 * MiB/s = 4 × ops/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Crc32cBenchmark {

  static final int SIZE = 4 << 20;

  @Param("65536")
  int blockSize;

  byte[] heap;
  ByteBuffer direct;

  @Setup
  public void fill() {
    heap = new byte[SIZE];
    new SplittableRandom(1).nextBytes(heap);
    direct = ByteBuffer.allocateDirect(SIZE).put(heap).flip();
  }

  @Benchmark
  public long heapBlocks() {
    CRC32C crc = new CRC32C();
    long sum = 0;
    for (int off = 0; off < SIZE; off += blockSize) {
      crc.reset();
      crc.update(heap, off, blockSize);
      sum += crc.getValue();
    }
    return sum;
  }

  @Benchmark
  public long directBlocks() {
    CRC32C crc = new CRC32C();
    long sum = 0;
    for (int off = 0; off < SIZE; off += blockSize) {
      crc.reset();
      crc.update(direct.slice(off, blockSize));
      sum += crc.getValue();
    }
    return sum;
  }
}
