package io.gristmill.gateway.job;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** An output request whose parameters do not fit the job; answered 400 with the reason. */
final class InvalidOutputRequestException extends ResponseStatusException {

  InvalidOutputRequestException(String reason) {
    super(HttpStatus.BAD_REQUEST, reason);
  }
}
