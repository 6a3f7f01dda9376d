package io.gristmill.worker.shuffle;

import com.google.protobuf.ByteString;
import io.gristmill.contracts.shuffle.v1.FetchPartitionResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.io.InputStream;
import io.gristmill.worker.mapoutput.CorruptMapOutputException;
import io.gristmill.worker.mapoutput.Segment;
import io.gristmill.worker.mapoutput.SegmentInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one file down a server call at the pace the client reads: a message is sent only while the call is
 * ready, and gRPC calls {@link #pump} again when it becomes ready, so at most a flow-control window of the file is
 * ever queued, whatever its size.
 */
final class PartitionStreamer {

  /** Shuffle messages carry at most 1 MiB, as shuffle.proto promises. */
  static final int MESSAGE_BYTES = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(PartitionStreamer.class);

  private final InputStream file;
  private final ServerCallStreamObserver<FetchPartitionResponse> call;
  private final byte[] buffer = new byte[MESSAGE_BYTES];
  private boolean done;

  private PartitionStreamer(InputStream file, ServerCallStreamObserver<FetchPartitionResponse> call) {
    this.file = file;
    this.call = call;
  }

  /** Streams the segment, checking its CRC32C as it goes: a corrupt one ends in DATA_LOSS, not in bad records. */
  static void start(Segment segment, ServerCallStreamObserver<FetchPartitionResponse> call) throws IOException {
    PartitionStreamer streamer = new PartitionStreamer(new SegmentInputStream(segment), call);
    call.setOnCancelHandler(streamer::cancelled);
    // gRPC runs the handler once the call is ready, and again whenever it becomes ready after a pause.
    call.setOnReadyHandler(streamer::pump);
  }

  private synchronized void pump() {
    try {
      while (!done && call.isReady()) {
        int n = file.readNBytes(buffer, 0, buffer.length);
        if (n == 0) {
          finish();
          call.onCompleted();
          return;
        }
        call.onNext(FetchPartitionResponse.newBuilder().setData(ByteString.copyFrom(buffer, 0, n)).build());
      }
    } catch (CorruptMapOutputException e) {
      finish();
      log.error("Map output corrupt: {}", e.getMessage());
      call.onError(Status.DATA_LOSS.withDescription(e.getMessage()).asRuntimeException());
    } catch (IOException e) {
      finish();
      call.onError(Status.INTERNAL.withDescription("cannot read map output: " + e.getMessage()).asRuntimeException());
    }
  }

  private synchronized void cancelled() {
    finish();
  }

  private void finish() {
    if (done) {
      return;
    }
    done = true;
    try {
      file.close();
    } catch (IOException e) {
      log.warn("Closing a map output file failed", e);
    }
  }
}
