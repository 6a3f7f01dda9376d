package io.gristmill.worker.shuffle;

import io.gristmill.contracts.shuffle.v1.FetchPartitionRequest;
import io.gristmill.contracts.shuffle.v1.FetchPartitionResponse;
import io.gristmill.contracts.shuffle.v1.ShuffleGrpc;
import io.gristmill.worker.mapoutput.InvalidMapOutputRequestException;
import io.gristmill.worker.mapoutput.MapOutputNotFoundException;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.mapoutput.Segment;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.springframework.grpc.server.service.GrpcService;

/**
 * Serves this worker's map outputs to reducers. Thin: finds the file and hands it to a {@link PartitionStreamer}.
 *
 * <p>Errors: INVALID_ARGUMENT for a malformed attempt id or a partition the attempt does not have; NOT_FOUND when
 * this worker holds no output for the attempt; DATA_LOSS when the
 * partition's bytes on disk fail their CRC32C check (the map must run again); INTERNAL when the file cannot be read.
 */
@GrpcService
public class ShuffleService extends ShuffleGrpc.ShuffleImplBase {

  private final MapOutputStore store;

  public ShuffleService(MapOutputStore store) {
    this.store = store;
  }

  @Override
  public void fetchPartition(FetchPartitionRequest request, StreamObserver<FetchPartitionResponse> responses) {
    try {
      Segment segment = store.segment(request.getMapAttemptId(), request.getPartition());
      PartitionStreamer.start(segment, (ServerCallStreamObserver<FetchPartitionResponse>) responses);
    } catch (InvalidMapOutputRequestException e) {
      responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    } catch (MapOutputNotFoundException e) {
      responses.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
    } catch (NoSuchFileException e) {
      // Deleted between lookup and open: the attempt's output was just discarded.
      responses.onError(Status.NOT_FOUND.withDescription("no output for map attempt " + request.getMapAttemptId())
          .asRuntimeException());
    } catch (IOException e) {
      responses.onError(Status.INTERNAL.withDescription("cannot read map output: " + e.getMessage()).asRuntimeException());
    }
  }
}
