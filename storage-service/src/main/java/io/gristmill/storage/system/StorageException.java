package io.gristmill.storage.system;

/**
 * The storage service's failure vocabulary. The message is written for the caller and is sent as the status
 * description; each transport translates the {@link Reason} through one table ({@link GrpcStatuses}).
 */
public final class StorageException extends RuntimeException {

  /** Why a request failed, which also tells whether retrying can help. */
  public enum Reason {
    /** The file, chunk or replica does not exist (or is not visible). Not retryable. */
    NOT_FOUND,
    /** The caller's request is malformed or breaks a rule. Not retryable. */
    INVALID_REQUEST,
    /** The request exceeds a configured limit. Not retryable as is. */
    LIMIT_EXCEEDED,
    /** A read starts past the end of the data. Not retryable. */
    OUT_OF_RANGE,
    /** No intact copy of some bytes could be found. Not retryable until repaired. */
    DATA_LOSS,
    /** A node or store needed for the request cannot be reached now. Retryable. */
    UNAVAILABLE,
    /** The thing is not in a state that allows the request (a dead node to drain, a replica of another version). */
    CONFLICT,
    /** The thing to create exists already. Not retryable. */
    ALREADY_EXISTS
  }

  private final Reason reason;

  private StorageException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public static StorageException notFound(String message) {
    return new StorageException(Reason.NOT_FOUND, message, null);
  }

  public static StorageException invalidRequest(String message) {
    return new StorageException(Reason.INVALID_REQUEST, message, null);
  }

  public static StorageException limitExceeded(String message) {
    return new StorageException(Reason.LIMIT_EXCEEDED, message, null);
  }

  public static StorageException outOfRange(String message) {
    return new StorageException(Reason.OUT_OF_RANGE, message, null);
  }

  public static StorageException dataLoss(String message) {
    return new StorageException(Reason.DATA_LOSS, message, null);
  }

  public static StorageException unavailable(String message, Throwable cause) {
    return new StorageException(Reason.UNAVAILABLE, message, cause);
  }

  public static StorageException conflict(String message) {
    return new StorageException(Reason.CONFLICT, message, null);
  }

  public static StorageException alreadyExists(String message) {
    return new StorageException(Reason.ALREADY_EXISTS, message, null);
  }

  public Reason reason() {
    return reason;
  }
}
