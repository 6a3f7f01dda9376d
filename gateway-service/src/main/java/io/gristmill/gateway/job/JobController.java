package io.gristmill.gateway.job;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.gristmill.contracts.job.v1.CustomJob;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.ListJobsRequest;
import io.gristmill.contracts.job.v1.ListJobsResponse;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.gateway.security.CurrentPrincipal;
import io.gristmill.gateway.security.OwnerScope;
import io.gristmill.gateway.system.GatewayProperties;
import io.gristmill.gateway.system.Problems;
import io.gristmill.storage.client.BlobStoreClient;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Jobs: submission, list, status, cancel, tasks and the merged output of a finished job. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

  private static final Logger log = LoggerFactory.getLogger(JobController.class);

  /** Most lines {@code ?orderBy=count} answers: it holds them in memory to rank them. */
  static final int MAX_RANKED = 100_000;

  private final JobClient jobs;
  private final BlobStoreClient blobStore;
  private final SubmissionRules rules;
  private final GatewayProperties.Limits limits;
  private final JobEventStreams events;

  JobController(JobClient jobs, BlobStoreClient blobStore, GatewayProperties properties, JobEventStreams events) {
    this.jobs = jobs;
    this.events = events;
    this.blobStore = blobStore;
    this.limits = properties.limits();
    this.rules = new SubmissionRules(properties.limits(), properties.security().adminOnlyJobTypes());
  }

  /**
   * With an {@code Idempotency-Key} the submission is safe to repeat: the same key and body answer the job the
   * first request made; the same key with a different body is 409.
   */
  @PostMapping
  ResponseEntity<JobView> submit(@Valid @RequestBody SubmitJobBody body, CurrentPrincipal caller,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    // Who may run custom code is decided here too: its type is one of security.admin-only-job-types.
    rules.check(body, caller);
    SubmitJobRequest.Builder request = SubmitJobRequest.newBuilder()
        .setType(body.type())
        .addAllInputFileIds(body.inputs())
        .setReducers(body.reducersOrDefault())
        .setOwner(caller.name())
        .putAllParams(body.paramsOrEmpty())
        .setPriority(body.priorityOrDefault())
        .setRequestId(idempotencyKey == null ? "" : idempotencyKey);
    if (body.custom() != null) {
      SubmitJobBody.CustomBody custom = body.custom();
      request.setCustom(CustomJob.newBuilder()
          .setArtifactId(custom.artifact())
          .setMapperClass(custom.mapper())
          .setReducerClass(custom.reducer())
          .setCombinerClass(custom.combiner() == null ? "" : custom.combiner())
          .setPartitionerClass(custom.partitioner() == null ? "" : custom.partitioner()));
    }
    Job job = jobs.submit(request.build());
    try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", job.getId())) {
      return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.getId())).body(JobView.of(job));
    }
  }

  /** A page of jobs, newest first. Only an admin sees other owners' jobs; {@code owner} narrows what it sees. */
  @GetMapping
  JobPage list(CurrentPrincipal caller,
      @RequestParam(required = false) List<JobStatus> status,
      @RequestParam(required = false) @Size(max = 64) String type,
      @RequestParam(required = false) @Size(max = 64) String owner,
      @RequestParam(required = false) @Min(1) Integer pageSize,
      @RequestParam(required = false) @Size(max = 20) String pageToken) {
    int size = pageSize == null ? limits.defaultPageSize() : pageSize;
    if (size > limits.maxPageSize()) {
      throw new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST,
          "Invalid request: pageSize: must be between 1 and " + limits.maxPageSize()
              + " (gristmill.gateway.limits.max-page-size), got " + size), null);
    }
    ListJobsRequest.Builder request = ListJobsRequest.newBuilder()
        .setOwner(OwnerScope.ownerFilter(caller, owner))
        .setType(type == null ? "" : type)
        .setPageSize(size)
        .setPageToken(pageToken == null ? "" : pageToken);
    if (status != null) {
      status.forEach(s -> request.addStatuses(s.toWire()));
    }
    ListJobsResponse page = jobs.list(request.build());
    return new JobPage(page.getJobsList().stream().map(JobView::of).toList(),
        page.getNextPageToken().isEmpty() ? null : page.getNextPageToken(), page.getTotal());
  }

  /** A page of {@link #list}; {@code nextPageToken} is null on the last page. */
  record JobPage(List<JobView> jobs, String nextPageToken, long total) {}

  @GetMapping(path = "/{id}", params = "!waitSeconds")
  JobView get(@PathVariable String id, CurrentPrincipal caller) {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", id)) {
      return JobView.of(visible(id, caller));
    }
  }

  /**
   * The job once it has ended, or as it is after {@code waitSeconds}: a client learns the end at once, without
   * polling. Neither this request nor the job service holds a thread while it waits.
   */
  @GetMapping(path = "/{id}", params = "waitSeconds")
  DeferredResult<JobView> awaitEnd(@PathVariable String id, @RequestParam int waitSeconds, CurrentPrincipal caller) {
    Duration max = limits.maxJobWait();
    if (waitSeconds < 0 || waitSeconds > max.toSeconds()) {
      throw new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST,
          "Invalid request: waitSeconds: must be between 0 and " + max.toSeconds()
              + " (gristmill.gateway.limits.max-job-wait), got " + waitSeconds), null);
    }
    Duration wait = Duration.ofSeconds(waitSeconds);
    // Past the call's own deadline, so that a job service that does not answer fails the call first.
    DeferredResult<JobView> result = new DeferredResult<>(jobs.deadlineOf(wait).plusSeconds(5).toMillis());
    try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", id)) {
      Job job = visible(id, caller);
      if (wait.isZero() || JobStatus.of(job).hasEnded()) {
        result.setResult(JobView.of(job));
        return result;
      }
    }
    ListenableFuture<Job> call = jobs.awaitEnd(id, wait);
    result.onCompletion(() -> call.cancel(true));
    Futures.addCallback(call, new FutureCallback<>() {
      @Override
      public void onSuccess(Job job) {
        result.setResult(JobView.of(job));
      }

      @Override
      public void onFailure(Throwable failure) {
        result.setErrorResult(failure);
      }
    }, MoreExecutors.directExecutor());
    return result;
  }

  /** Cancels a PENDING or RUNNING job; repeating it is harmless, a finished job is 409. */
  @PostMapping("/{id}/cancel")
  JobView cancel(@PathVariable String id, CurrentPrincipal caller) {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", id)) {
      visible(id, caller);
      return JobView.of(jobs.cancel(id));
    }
  }

  /** Every task with its attempts: the task table and the timeline of the job page. */
  @GetMapping("/{id}/tasks")
  TaskList tasks(@PathVariable String id, CurrentPrincipal caller) {
    visible(id, caller);
    return new TaskList(jobs.tasks(id).stream().map(TaskView::of).toList());
  }

  record TaskList(List<TaskView> tasks) {}

  /** Server-sent events: {@code job} with the job's JSON whenever it changes, until it finishes. */
  @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events(@PathVariable String id, CurrentPrincipal caller) {
    visible(id, caller);
    return events.open(id);
  }

  /** The job, or the same 404 as a missing one when it is someone else's. */
  private Job visible(String id, CurrentPrincipal caller) {
    Job job = jobs.get(id);
    return OwnerScope.requireVisible(caller, job.getOwner(), job, () -> new JobNotFound(id));
  }

  /**
   * Every output part is opened before the first byte is written, so a missing part is still a proper error
   * response; a failure after that can only cut the stream short, which the client sees as a broken transfer.
   */
  @GetMapping("/{id}/output")
  void output(@PathVariable String id, @RequestParam(required = false) @Min(0) Long limit,
      @RequestParam(defaultValue = "key") @Pattern(regexp = "key|count", message = "must be key or count")
      String orderBy, CurrentPrincipal caller, HttpServletResponse response) throws IOException {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", id)) {
      Job job = visible(id, caller);
      boolean byCount = orderBy.equals("count");
      if (byCount && !job.getType().equals("wordcount")) {
        throw new InvalidOutputRequestException(
            "orderBy=count applies to wordcount jobs only; job " + id + " is a " + job.getType() + " job");
      }
      if (byCount && limit != null && limit > MAX_RANKED) {
        throw new InvalidOutputRequestException(
            "limit must be at most " + MAX_RANKED + " with orderBy=count, got " + limit);
      }
      JobStatus status = JobStatus.of(job);
      if (status != JobStatus.SUCCEEDED) {
        throw new JobNotFinishedException(id, status);
      }
      List<InputStream> parts = new ArrayList<>();
      try {
        for (String fileId : job.getOutputFileIdsList()) {
          parts.add(blobStore.open(fileId, 0, 0));
        }
        response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8");
        OutputStream out = new BufferedOutputStream(response.getOutputStream(), 64 * 1024);
        if (byCount) {
          TopByCount.write(parts, out, limit == null ? MAX_RANKED : limit.intValue());
        } else {
          SortedRunMerger.merge(parts, out, limit == null ? Long.MAX_VALUE : limit);
        }
        out.flush();
      } catch (IOException e) {
        // The status line is gone; only an aborted connection still tells the client the output is incomplete.
        // The new exception carries no cause so that no problem handler matches it and tries to write a body.
        log.warn("Output of job {} cut short", id, e);
        throw new IOException("output of job " + id + " cut short: " + e.getMessage());
      } finally {
        for (InputStream part : parts) {
          part.close();
        }
      }
    }
  }
}
