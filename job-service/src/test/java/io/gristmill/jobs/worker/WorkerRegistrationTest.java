package io.gristmill.jobs.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.contracts.job.v1.AcquireTaskRequest;
import io.gristmill.contracts.job.v1.HeartbeatRequest;
import io.gristmill.contracts.job.v1.RegisterWorkerRequest;
import io.gristmill.contracts.job.v1.RegisterWorkerResponse;
import io.gristmill.jobs.IntegrationTest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.gristmill.jobs.system.Duty;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

class WorkerRegistrationTest extends IntegrationTest {

  @Autowired
  @Qualifier("requestIdPruner")
  private Duty pruner;

  private static RegisterWorkerRequest.Builder registration() {
    return RegisterWorkerRequest.newBuilder().setHost("node-7").setPid(4242).setSlots(3)
        .setShuffleAddress("node-7:7070").setRequestId(UUID.randomUUID().toString());
  }

  @Test
  void registersAWorkerAndTellsItHowOftenToHeartbeat() {
    RegisterWorkerResponse response = dispatch().registerWorker(registration().build());

    assertThat(response.getHeartbeatIntervalMillis()).isEqualTo(3000);
    assertThat(response.getLeaseMillis()).isEqualTo(10_000);
    Map<String, Object> row = jdbc.queryForMap(
        "SELECT host, pid, slots, shuffle_address FROM jobs.worker WHERE id = ?::uuid", response.getWorkerId());
    assertThat(row).isEqualTo(Map.of("host", "node-7", "pid", 4242L, "slots", 3, "shuffle_address", "node-7:7070"));
  }

  @Test
  void aWorkerRegisteringAgainGetsANewId() {
    String first = dispatch().registerWorker(registration().build()).getWorkerId();
    String second = dispatch().registerWorker(registration().build()).getWorkerId();

    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void aRetriedRegistrationReturnsTheFirstWorkerEvenAfterItsIdIsPruned() {
    RegisterWorkerRequest request = registration().build();
    String first = dispatch().registerWorker(request).getWorkerId();

    assertThat(dispatch().registerWorker(request).getWorkerId()).isEqualTo(first);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM jobs.worker", Long.class)).isEqualTo(1L);

    clock.advance(Duration.ofHours(25));
    pruner.run();
    assertThat(dispatch().registerWorker(request).getWorkerId())
        .as("a request id older than the retention is forgotten").isNotEqualTo(first);
  }

  @Test
  void aHeartbeatRecordsThatTheWorkerIsAlive() {
    String id = dispatch().registerWorker(registration().build()).getWorkerId();
    jdbc.update("UPDATE jobs.worker SET last_heartbeat = last_heartbeat - interval '1 minute' WHERE id = ?::uuid",
        UUID.fromString(id));

    dispatch().heartbeat(HeartbeatRequest.newBuilder().setWorkerId(id).build());

    Map<String, Object> row = jdbc.queryForMap(
        "SELECT registered_at, last_heartbeat FROM jobs.worker WHERE id = ?::uuid", UUID.fromString(id));
    assertThat((Timestamp) row.get("last_heartbeat")).isAfterOrEqualTo((Timestamp) row.get("registered_at"));
  }

  @Test
  void rejectsHeartbeatsAndPollsOfUnknownWorkers() {
    String unknown = UUID.randomUUID().toString();

    assertRejected(() -> dispatch().heartbeat(HeartbeatRequest.newBuilder().setWorkerId(unknown).build()),
        Status.Code.NOT_FOUND, "worker " + unknown + " is not registered");
    assertRejected(() -> dispatch().acquireTask(AcquireTaskRequest.newBuilder().setWorkerId(unknown).build()),
        Status.Code.NOT_FOUND, "worker " + unknown + " is not registered");
    assertRejected(() -> dispatch().heartbeat(HeartbeatRequest.newBuilder().setWorkerId("w-1").build()),
        Status.Code.INVALID_ARGUMENT, "worker id 'w-1' is not a valid UUID");
  }

  @Test
  void rejectsAWorkerWithoutSlotsOrShuffleAddress() {
    assertRejected(() -> dispatch().registerWorker(registration().setSlots(0).build()),
        Status.Code.INVALID_ARGUMENT, "slots must be at least 1, got 0");
    assertRejected(() -> dispatch().registerWorker(registration().setShuffleAddress("").build()),
        Status.Code.INVALID_ARGUMENT, "shuffle_address is required");
    assertRejected(() -> dispatch().registerWorker(registration().setRequestId("").build()),
        Status.Code.INVALID_ARGUMENT, "request_id is required, so that a retried registration is recognised");
    assertRejected(() -> dispatch().registerWorker(registration().setRequestId("k".repeat(201)).build()),
        Status.Code.INVALID_ARGUMENT, "request id is 201 characters long; at most 200 are allowed");
  }

  static void assertRejected(Executable call, Status.Code code, String description) {
    assertThatThrownBy(call::execute).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).isEqualTo(description);
    });
  }
}
