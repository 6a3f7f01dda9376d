package io.gristmill.grpc.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.contracts.job.v1.GetJobRequest;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.JobServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both interceptors over a real in-process server and channel. */
class SharedSecretInterceptorsTest {

  private static final String SECRET = "0123456789abcdef-secret";

  private Server server;
  private ManagedChannel plain;

  @BeforeEach
  void start() throws Exception {
    InternalCredential credential = InternalCredential.of(SECRET).orElseThrow();
    JobServiceGrpc.JobServiceImplBase jobs = new JobServiceGrpc.JobServiceImplBase() {
      @Override
      public void getJob(GetJobRequest request, StreamObserver<Job> responses) {
        responses.onNext(Job.newBuilder().setId(request.getJobId()).build());
        responses.onCompleted();
      }
    };
    SharedSecretServerInterceptor check = new SharedSecretServerInterceptor(credential);
    server = InProcessServerBuilder.forName("auth-test").directExecutor()
        .addService(ServerInterceptors.intercept(jobs, check))
        .addService(ServerInterceptors.intercept(new HealthStatusManager().getHealthService(), check))
        .build().start();
    plain = InProcessChannelBuilder.forName("auth-test").directExecutor().build();
  }

  @AfterEach
  void stop() throws Exception {
    plain.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void admitsACallThatCarriesTheSecret() {
    JobServiceGrpc.JobServiceBlockingStub stub = JobServiceGrpc.newBlockingStub(plain)
        .withInterceptors(new SharedSecretClientInterceptor(InternalCredential.of(SECRET).orElseThrow()))
        .withDeadlineAfter(5, TimeUnit.SECONDS);

    assertThat(stub.getJob(GetJobRequest.newBuilder().setJobId("j").build()).getId()).isEqualTo("j");
  }

  @Test
  void refusesACallWithoutTheSecretOrWithAnother() {
    assertThatThrownBy(() -> JobServiceGrpc.newBlockingStub(plain).withDeadlineAfter(5, TimeUnit.SECONDS)
        .getJob(GetJobRequest.newBuilder().setJobId("j").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).isEqualTo("missing internal credential: Gristmill services "
              + "must send the x-gristmill-internal-token header (gristmill.internal-auth.token)");
        });
    assertThatThrownBy(() -> JobServiceGrpc.newBlockingStub(plain)
        .withInterceptors(new SharedSecretClientInterceptor(InternalCredential.of("another-secret-of-16").orElseThrow()))
        .withDeadlineAfter(5, TimeUnit.SECONDS).getJob(GetJobRequest.newBuilder().setJobId("j").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
            .isEqualTo("the internal credential is not valid"));
  }

  @Test
  void leavesHealthCheckingOpen() {
    assertThat(HealthGrpc.newBlockingStub(plain).withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.getDefaultInstance()).getStatus().name()).isEqualTo("SERVING");
  }

  @Test
  void refusesASecretTooShortToResistGuessingAndTreatsBlankAsOff() {
    assertThat(InternalCredential.of(null)).isEmpty();
    assertThat(InternalCredential.of("  ")).isEmpty();
    assertThatThrownBy(() -> InternalCredential.of("short")).hasMessage("gristmill.internal-auth.token must be "
        + "at least 16 printable ASCII characters without spaces, got 5 characters");
    assertThat(InternalCredential.of(SECRET).orElseThrow().toString()).doesNotContain(SECRET);
  }
}
