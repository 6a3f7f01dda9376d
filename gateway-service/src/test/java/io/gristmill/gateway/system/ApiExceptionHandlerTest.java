package io.gristmill.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.net.ConnectException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.ProblemDetail;

/** The gRPC half of the table, code by code; the HTTP suites cover how problems reach the wire. */
class ApiExceptionHandlerTest {

  final ApiExceptionHandler handler = new ApiExceptionHandler();

  @ParameterizedTest
  @CsvSource({
      "INVALID_ARGUMENT, 400",
      "NOT_FOUND, 404",
      "ALREADY_EXISTS, 409",
      "FAILED_PRECONDITION, 409",
      "RESOURCE_EXHAUSTED, 413",
      "UNAVAILABLE, 503"})
  void mapsCallerAndAvailabilityStatusesPassingTheDescriptionOn(Status.Code code, int httpStatus) {
    ProblemDetail problem = handler.grpcFailure(
        Status.fromCode(code).withDescription("what the service said").asRuntimeException());

    assertThat(problem.getStatus()).isEqualTo(httpStatus);
    assertThat(problem.getDetail()).isEqualTo("what the service said");
    assertThat(problem.getType()).isEqualTo(URI.create("about:blank"));
  }

  @ParameterizedTest
  @CsvSource({"INTERNAL", "UNKNOWN", "DATA_LOSS", "OUT_OF_RANGE", "UNIMPLEMENTED", "PERMISSION_DENIED", "CANCELLED"})
  void hidesEveryOtherStatusBehindAGeneric502(Status.Code code) {
    ProblemDetail problem = handler.grpcFailure(
        Status.fromCode(code).withDescription("stack trace with secrets").asRuntimeException());

    assertThat(problem.getStatus()).isEqualTo(502);
    assertThat(problem.getDetail()).isEqualTo("A Gristmill service behind the gateway failed.");
  }

  @Test
  void explainsAServiceThatCannotBeReached() {
    ProblemDetail problem = handler.grpcFailure(Status.UNAVAILABLE.withDescription("io exception")
        .withCause(new ConnectException("Connection refused")).asRuntimeException());

    assertThat(problem.getStatus()).isEqualTo(503);
    assertThat(problem.getDetail())
        .isEqualTo("A Gristmill service behind the gateway cannot be reached; try again later.");
  }

  @Test
  void explainsAMissedDeadline() {
    ProblemDetail problem = handler.grpcFailure(
        Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded after 9.99s").asRuntimeException());

    assertThat(problem.getStatus()).isEqualTo(503);
    assertThat(problem.getDetail())
        .isEqualTo("A Gristmill service behind the gateway did not answer in time; try again later.");
  }

  @Test
  void namesTheCodeWhenTheServiceGaveNoDescription() {
    ProblemDetail problem = handler.grpcFailure(Status.NOT_FOUND.asRuntimeException());

    assertThat(problem.getDetail()).isEqualTo("NOT_FOUND");
  }
}
