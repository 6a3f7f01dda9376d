package io.gristmill.storage.system;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one table from this service's failures to gRPC statuses, shared by every gRPC service of the node. */
public final class GrpcStatuses {

  private static final Logger log = LoggerFactory.getLogger(GrpcStatuses.class);

  private GrpcStatuses() {}

  /**
   * The status to answer with. A {@link StorageException} keeps its message as the description; anything else is
   * our own bug or an infrastructure fault, logged here and answered as INTERNAL without leaking details.
   */
  public static StatusRuntimeException toStatus(Throwable failure) {
    if (failure instanceof StorageException e) {
      return codeOf(e.reason()).withDescription(e.getMessage()).asRuntimeException();
    }
    if (failure instanceof StatusRuntimeException e) {
      return e;
    }
    if (failure instanceof StatusException e) {
      return e.getStatus().asRuntimeException(e.getTrailers());
    }
    log.error("request failed unexpectedly", failure);
    return Status.INTERNAL.withDescription("internal error in the storage node").asRuntimeException();
  }

  private static Status codeOf(StorageException.Reason reason) {
    return switch (reason) {
      case NOT_FOUND -> Status.NOT_FOUND;
      case INVALID_REQUEST -> Status.INVALID_ARGUMENT;
      case LIMIT_EXCEEDED -> Status.RESOURCE_EXHAUSTED;
      case OUT_OF_RANGE -> Status.OUT_OF_RANGE;
      case DATA_LOSS -> Status.DATA_LOSS;
      case UNAVAILABLE -> Status.UNAVAILABLE;
      case CONFLICT -> Status.FAILED_PRECONDITION;
      case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
    };
  }
}
