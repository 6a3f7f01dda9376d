package io.gristmill.storage.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.gristmill.contracts.storage.v1.ChunkTransferGrpc;
import io.gristmill.contracts.storage.v1.WriteChunkHeader;
import io.gristmill.contracts.storage.v1.WriteChunkRequest;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.internal.CompositeReadableBuffer;
import io.grpc.internal.ReadableBuffers;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataMessageMarshallerTest {

  private final DataMessageMarshaller<WriteChunkRequest> marshaller = new DataMessageMarshaller<>(
      ChunkTransferGrpc.getWriteChunkMethod(), data -> WriteChunkRequest.newBuilder().setData(data).build());

  @Test
  void readsTheDataOfADataMessageSpreadOverSeveralReceiveBuffersStraightIntoTheMessage() {
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    byte[] wire = WriteChunkRequest.newBuilder().setData(ByteString.copyFrom(data)).build().toByteArray();

    WriteChunkRequest parsed = marshaller.parse(transportStream(wire, 1, 1000, 201_000));

    assertThat(parsed.getPartCase()).isEqualTo(WriteChunkRequest.PartCase.DATA);
    assertThat(parsed.getData().toByteArray()).isEqualTo(data);
  }

  @Test
  void parsesEmptyDataAsDataThatIsEmpty() {
    WriteChunkRequest empty = WriteChunkRequest.newBuilder().setData(ByteString.EMPTY).build();

    WriteChunkRequest parsed = marshaller.parse(transportStream(empty.toByteArray()));

    assertThat(parsed).isEqualTo(empty);
    assertThat(parsed.getPartCase()).isEqualTo(WriteChunkRequest.PartCase.DATA);
  }

  @Test
  void parsesAnyOtherMessageWithTheStandardMarshaller() {
    WriteChunkRequest header = WriteChunkRequest.newBuilder()
        .setHeader(WriteChunkHeader.newBuilder().setHandle("h").setVersion(3).addDownstream("b:1")).build();
    byte[] wire = header.toByteArray();

    assertThat(marshaller.parse(transportStream(wire, 5))).isEqualTo(header);
    assertThat(marshaller.parse(transportStream(new byte[0]))).isEqualTo(WriteChunkRequest.getDefaultInstance());
  }

  @Test
  void rejectsDataShorterThanItsLengthSays() {
    byte[] wire = WriteChunkRequest.newBuilder().setData(ByteString.copyFromUtf8("abcdef")).build().toByteArray();

    assertThatThrownBy(() -> marshaller.parse(transportStream(Arrays.copyOf(wire, wire.length - 2))))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL));
  }

  @Test
  void leavesAMessageHandedOverInProcessAsItIs() {
    WriteChunkRequest request = WriteChunkRequest.newBuilder().setData(ByteString.copyFromUtf8("abc")).build();

    assertThat(marshaller.parse(ChunkTransferGrpc.getWriteChunkMethod().streamRequest(request))).isSameAs(request);
  }

  @Test
  void bindsItselfAsTheRequestMarshallerOfItsMethodOnly() {
    ServerServiceDefinition standard = ChunkTransferGrpc.bindService(new ChunkTransferGrpc.AsyncService() {});

    ServerServiceDefinition bound = marshaller.bindTo(standard);

    assertThat(bound.getMethod(ChunkTransferGrpc.getWriteChunkMethod().getFullMethodName())
        .getMethodDescriptor().getRequestMarshaller()).isSameAs(marshaller);
    String read = ChunkTransferGrpc.getReadChunkMethod().getFullMethodName();
    assertThat(bound.getMethod(read).getMethodDescriptor()).isSameAs(standard.getMethod(read).getMethodDescriptor());
    assertThat(bound.getMethods()).hasSameSizeAs(standard.getMethods());
    assertThat(bound.getServiceDescriptor().getSchemaDescriptor())
        .isSameAs(standard.getServiceDescriptor().getSchemaDescriptor());
  }

  /** What gRPC's Netty transport hands a marshaller: a stream over direct receive buffers, cut at {@code cuts}. */
  private static InputStream transportStream(byte[] wire, int... cuts) {
    CompositeReadableBuffer composite = new CompositeReadableBuffer();
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : wire.length;
      ByteBuffer piece = ByteBuffer.allocateDirect(to - from);
      piece.put(wire, from, to - from).flip();
      composite.addBuffer(ReadableBuffers.wrap(piece));
      from = to;
    }
    return ReadableBuffers.openStream(composite, true);
  }
}
