package io.gristmill.jobs.system;

import io.grpc.Status;
import io.grpc.StatusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one translation of this service's exceptions to gRPC statuses. A caller's mistake is never INTERNAL;
 * UNAVAILABLE tells the caller that the same request may succeed later. Anything not listed falls through to
 * Spring gRPC's fallback, which logs it and answers INTERNAL.
 */
@Component
class GrpcErrorTable implements GrpcExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(GrpcErrorTable.class);

  @Override
  public StatusException handleException(Throwable e) {
    Status status = statusOf(e);
    return status == null ? null : status.withDescription(describe(e)).withCause(e).asException();
  }

  private static Status statusOf(Throwable e) {
    if (e instanceof InvalidRequestException) {
      return Status.INVALID_ARGUMENT;
    }
    if (e instanceof NotFoundException) {
      return Status.NOT_FOUND;
    }
    if (e instanceof DependencyUnavailableException) {
      return Status.UNAVAILABLE;
    }
    if (e instanceof ConflictException) {
      return Status.FAILED_PRECONDITION;
    }
    if (e instanceof DuplicateRequestException) {
      return Status.ALREADY_EXISTS;
    }
    if (e instanceof CapacityExceededException) {
      return Status.RESOURCE_EXHAUSTED;
    }
    if (e instanceof CannotCreateTransactionException || e instanceof DataAccessResourceFailureException
        || e instanceof TransientDataAccessException) {
      log.warn("database unavailable", e);
      return Status.UNAVAILABLE;
    }
    return null;
  }

  private static String describe(Throwable e) {
    if (e instanceof InvalidRequestException || e instanceof NotFoundException
        || e instanceof DependencyUnavailableException || e instanceof ConflictException
        || e instanceof DuplicateRequestException || e instanceof CapacityExceededException) {
      return e.getMessage();
    }
    return "database unavailable, retry later";
  }
}
