package io.gristmill.storage.system;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Parses the data messages of one streaming gRPC method (a message whose only field is {@code bytes data = 2}, as
 * {@code UploadRequest} and {@code WriteChunkRequest} are when they carry bytes) with one copy of the data instead
 * of two. gRPC's standard marshaller reads a message into a byte array and protobuf then copies the field out of it;
 * for the 1 MiB messages of an upload and of every pipeline hop that was 7-8% of a storage node's CPU. Here the
 * framing (one tag, one length) is read from the transport's stream and the data read straight into the array the
 * message keeps. Any other message (a header) goes to the standard marshaller. (Aliasing the transport's buffers
 * would save the last copy too, but protobuf 4 copies a direct buffer whenever it wraps one.)
 */
public final class DataMessageMarshaller<T extends MessageLite> implements MethodDescriptor.PrototypeMarshaller<T> {

  /** Field 2, wire type 2 (length-delimited): the tag of {@code bytes data = 2}. */
  private static final int DATA_TAG = 2 << 3 | 2;

  private final MethodDescriptor<T, ?> method;
  private final MethodDescriptor.PrototypeMarshaller<T> standard;
  private final Function<ByteString, T> dataMessage;

  /**
   * For the requests of {@code method}, whose own (generated) marshaller parses all but data messages.
   *
   * @param dataMessage the message holding only the given data: {@code d -> Req.newBuilder().setData(d).build()}
   */
  @SuppressWarnings("unchecked")
  public DataMessageMarshaller(MethodDescriptor<T, ?> method, Function<ByteString, T> dataMessage) {
    this.method = method;
    this.standard = (MethodDescriptor.PrototypeMarshaller<T>) method.getRequestMarshaller();
    this.dataMessage = dataMessage;
  }

  @Override
  public T parse(InputStream stream) {
    if (!(stream instanceof KnownLength) || !stream.markSupported()) {
      return standard.parse(stream); // in-process calls hand the message itself over, which this returns as it is
    }
    try {
      stream.mark(stream.available());
      int length = loneDataFieldLength(stream);
      if (length < 0) {
        stream.reset();
        return standard.parse(stream);
      }
      byte[] data = new byte[length];
      if (stream.readNBytes(data, 0, length) != length) {
        throw new IOException("the message ended before its data");
      }
      // The array is new and nothing else writes to it: the message may keep it without a copy.
      return dataMessage.apply(UnsafeByteOperations.unsafeWrap(data));
    } catch (IOException e) {
      throw Status.INTERNAL.withDescription("invalid " + method.getFullMethodName() + " request").withCause(e)
          .asRuntimeException();
    }
  }

  /**
   * Reads a field's tag and length; when they are the data field's and that field is all that is left, answers its
   * length (the stream is then at the data's first byte), else -1.
   */
  private static int loneDataFieldLength(InputStream in) throws IOException {
    if (in.read() != DATA_TAG) {
      return -1;
    }
    long length = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in.read();
      if (b < 0 || shift > 28) {
        return -1;
      }
      length |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    return length == in.available() ? (int) length : -1;
  }

  /** {@code service} with its method of this marshaller's requests parsed here; other methods unchanged. */
  public ServerServiceDefinition bindTo(ServerServiceDefinition service) {
    ServiceDescriptor original = service.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
        .setSchemaDescriptor(original.getSchemaDescriptor());
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> definition : service.getMethods()) {
      ServerMethodDefinition<?, ?> bound =
          definition.getMethodDescriptor().getFullMethodName().equals(method.getFullMethodName())
              ? rebind(definition) : definition;
      descriptor.addMethod(bound.getMethodDescriptor());
      methods.add(bound);
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(builder::addMethod);
    return builder.build();
  }

  @SuppressWarnings("unchecked")
  private <R> ServerMethodDefinition<T, R> rebind(ServerMethodDefinition<?, ?> definition) {
    ServerMethodDefinition<T, R> typed = (ServerMethodDefinition<T, R>) definition;
    MethodDescriptor<T, R> descriptor = typed.getMethodDescriptor();
    return ServerMethodDefinition.create(descriptor.toBuilder(this, descriptor.getResponseMarshaller()).build(),
        typed.getServerCallHandler());
  }

  @Override
  public InputStream stream(T value) {
    return standard.stream(value);
  }

  @Override
  public T getMessagePrototype() {
    return standard.getMessagePrototype();
  }

  @Override
  public Class<T> getMessageClass() {
    return standard.getMessageClass();
  }
}
