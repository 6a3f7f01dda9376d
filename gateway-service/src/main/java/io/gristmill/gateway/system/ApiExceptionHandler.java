package io.gristmill.gateway.system;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.gristmill.gateway.file.UploadTooLargeException;
import io.gristmill.gateway.job.JobNotFinishedException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * The one table from failures to RFC 9457 problem details. Spring MVC's own exceptions keep their statuses
 * (with more precise details for bad bodies and failed validation); gRPC statuses from the services behind the
 * gateway map by code, their description becoming the detail.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler
  ProblemDetail grpcFailure(StatusRuntimeException e) {
    Status status = e.getStatus();
    HttpStatus http = switch (status.getCode()) {
      case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case ALREADY_EXISTS, FAILED_PRECONDITION -> HttpStatus.CONFLICT;
      case RESOURCE_EXHAUSTED -> HttpStatus.CONTENT_TOO_LARGE;
      case UNAVAILABLE, DEADLINE_EXCEEDED -> HttpStatus.SERVICE_UNAVAILABLE;
      default -> HttpStatus.BAD_GATEWAY;
    };
    if (http == HttpStatus.BAD_GATEWAY) {
      log.error("A Gristmill service failed: {}", status, e);
      return Problems.of(http, "A Gristmill service behind the gateway failed.");
    }
    if (http == HttpStatus.SERVICE_UNAVAILABLE) {
      log.warn("A Gristmill service is unavailable: {}", status, status.getCause());
      return Problems.of(http, unavailable(status));
    }
    return Problems.of(http, describe(status));
  }

  /**
   * A status with a cause was made by this gateway's own channel (no connection, deadline passed), and its
   * description ("io exception") means nothing to a REST caller; one sent by a service says what it lacks.
   */
  private static String unavailable(Status status) {
    if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return "A Gristmill service behind the gateway did not answer in time; try again later.";
    }
    if (status.getCause() != null) {
      return "A Gristmill service behind the gateway cannot be reached; try again later.";
    }
    return describe(status);
  }

  private static String describe(Status status) {
    String description = status.getDescription();
    return description == null || description.isBlank() ? status.getCode().name() : description;
  }

  @ExceptionHandler
  ProblemDetail uploadTooLarge(UploadTooLargeException e) {
    return Problems.of(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail jobNotFinished(JobNotFinishedException e) {
    return Problems.of(HttpStatus.CONFLICT, e.getMessage());
  }

  /** Says what is wrong with the body and where, instead of Spring's bare "Failed to read request". */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String detail;
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof RequestBodyLimitFilter.BodyTooLargeException tooLarge) {
        return handleExceptionInternal(e, Problems.of(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()), headers,
            HttpStatus.CONTENT_TOO_LARGE, request);
      }
    }
    if (e.getCause() instanceof JacksonException json) {
      TokenStreamLocation at = json.getLocation();
      String path = json.getPath().isEmpty() ? "" : " at '" + json.getPathReference() + "'";
      String where = at == null || at == TokenStreamLocation.NA ? ""
          : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      detail = "Malformed JSON request body" + path + ": " + json.getOriginalMessage() + where;
    } else {
      detail = "A JSON request body is required.";
    }
    return handleExceptionInternal(e, Problems.of(status, detail), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String detail = e.getBindingResult().getFieldErrors().stream()
        .map(error -> error.getField() + ": " + error.getDefaultMessage())
        .sorted()
        .collect(Collectors.joining("; "));
    return handleExceptionInternal(e, Problems.of(status, "Invalid request body: " + detail),
        headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String detail = e.getParameterValidationResults().stream()
        .flatMap(result -> result.getResolvableErrors().stream()
            .map(error -> result.getMethodParameter().getParameterName() + ": " + message(error)))
        .sorted()
        .collect(Collectors.joining("; "));
    return handleExceptionInternal(e, Problems.of(status, "Invalid request: " + detail),
        headers, status, request);
  }

  /** Spring's own problems come without a type; state it like every other problem of the gateway. */
  @Override
  protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
      WebRequest request) {
    if (body instanceof ProblemDetail problem && problem.getType() == null) {
      problem.setType(Problems.BLANK);
    }
    return super.createResponseEntity(body, headers, status, request);
  }

  private static String message(MessageSourceResolvable error) {
    return error instanceof FieldError field ? field.getField() + " " + field.getDefaultMessage()
        : error.getDefaultMessage();
  }
}
