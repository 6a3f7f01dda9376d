package io.gristmill.bench.jmh;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.gristmill.contracts.storage.v1.BlobStoreGrpc;
import io.gristmill.contracts.storage.v1.ChunkInfo;
import io.gristmill.contracts.storage.v1.FileInfo;
import io.gristmill.contracts.storage.v1.GetFileRequest;
import io.gristmill.contracts.storage.v1.ReadRequest;
import io.gristmill.contracts.storage.v1.ReadResponse;
import io.gristmill.contracts.storage.v1.ReplicaInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * gRPC as the services use it, over real Netty channels on loopback: a unary round trip ({@code GetFile} with a
 * 16-chunk answer, as the job service asks storage when it splits an input) and a server stream of 64 MiB in 1 MiB
 * messages ({@code Read}, as a map task reads a 64 MiB chunk), the server honouring flow control as the storage
 * node does. The server answers from memory, so this is the transport's cost alone. Stream MiB/s = 64 × ops/s.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GrpcLoopbackBenchmark {

  static final int MESSAGE = 1 << 20;
  static final long STREAM = 64L << 20;

  Server server;
  ManagedChannel channel;
  BlobStoreGrpc.BlobStoreBlockingStub stub;

  @Setup(Level.Trial)
  public void start() throws IOException {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new InMemoryBlobStore()).build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    stub = BlobStoreGrpc.newBlockingStub(channel);
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public FileInfo unaryRoundTrip() {
    return stub.withDeadlineAfter(10, TimeUnit.SECONDS).getFile(GetFileRequest.newBuilder().setFileId("f").build());
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public long stream64MiB() {
    Iterator<ReadResponse> it = stub.withDeadlineAfter(1, TimeUnit.MINUTES)
        .read(ReadRequest.newBuilder().setFileId("f").setLength(STREAM).build());
    long bytes = 0;
    while (it.hasNext()) {
      bytes += it.next().getData().size();
    }
    if (bytes != STREAM) {
      throw new IllegalStateException("streamed " + bytes + " bytes");
    }
    return bytes;
  }

  /** Answers from memory: a fixed 16-chunk file, and reads served from one random 1 MiB block. */
  static final class InMemoryBlobStore extends BlobStoreGrpc.BlobStoreImplBase {

    private final FileInfo file;
    private final ByteString block;

    InMemoryBlobStore() {
      FileInfo.Builder b = FileInfo.newBuilder().setId("f").setName("part-00.txt").setSize(16L << 26)
          .setChunkSize(1L << 26).setReplication(3).setOwner("admin").setSha256("0".repeat(64));
      for (int i = 0; i < 16; i++) {
        ChunkInfo.Builder chunk = ChunkInfo.newBuilder().setIndex(i).setHandle("chunk-" + i).setOffset((long) i << 26)
            .setSize(1L << 26).setVersion(1);
        for (int r = 1; r <= 3; r++) {
          chunk.addReplicas(ReplicaInfo.newBuilder().setNodeId("storage-" + r).setAddress("127.0.0.1:900" + r)
              .setZone("local").setState("LIVE"));
        }
        b.addChunks(chunk);
      }
      file = b.build();
      byte[] bytes = new byte[MESSAGE];
      new SplittableRandom(2).nextBytes(bytes);
      block = ByteString.copyFrom(bytes);
    }

    @Override
    public void getFile(GetFileRequest request, StreamObserver<FileInfo> response) {
      response.onNext(file);
      response.onCompleted();
    }

    @Override
    public void read(ReadRequest request, StreamObserver<ReadResponse> observer) {
      ServerCallStreamObserver<ReadResponse> response = (ServerCallStreamObserver<ReadResponse>) observer;
      long[] remaining = {request.getLength()};
      boolean[] done = {false};
      // Send only while the transport is ready, as the storage node does, so memory stays bounded.
      response.setOnReadyHandler(() -> {
        while (response.isReady() && remaining[0] > 0) {
          int n = (int) Math.min(MESSAGE, remaining[0]);
          response.onNext(ReadResponse.newBuilder().setData(n == MESSAGE ? block : block.substring(0, n)).build());
          remaining[0] -= n;
        }
        if (remaining[0] == 0 && !done[0]) {
          done[0] = true;
          response.onCompleted();
        }
      });
    }
  }
}
