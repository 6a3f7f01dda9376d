package io.gristmill.gateway.job;

import io.gristmill.contracts.job.v1.CustomJob;
import io.gristmill.contracts.job.v1.Job;
import io.gristmill.contracts.job.v1.SubmitJobRequest;
import io.gristmill.gateway.artifact.CodeExecutionPolicy;
import io.gristmill.storage.client.BlobStoreClient;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Jobs: submission, status and the merged output of a finished job. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

  private static final Logger log = LoggerFactory.getLogger(JobController.class);

  private static final String CUSTOM = "custom";

  /** Most lines {@code ?orderBy=count} answers: it holds them in memory to rank them. */
  static final int MAX_RANKED = 100_000;

  private final JobClient jobs;
  private final BlobStoreClient blobStore;
  private final CodeExecutionPolicy policy;

  JobController(JobClient jobs, BlobStoreClient blobStore, CodeExecutionPolicy policy) {
    this.jobs = jobs;
    this.blobStore = blobStore;
    this.policy = policy;
  }

  @PostMapping
  ResponseEntity<JobView> submit(@Valid @RequestBody SubmitJobBody body, Principal principal) {
    SubmitJobRequest.Builder request = SubmitJobRequest.newBuilder()
        .setType(body.type())
        .addAllInputFileIds(body.inputs())
        .setReducers(body.reducersOrDefault())
        .setOwner(principal.getName())
        .putAllParams(body.paramsOrEmpty());
    if (CUSTOM.equals(body.type())) {
      policy.check(principal);
    }
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

  @GetMapping("/{id}")
  JobView get(@PathVariable String id) {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", id)) {
      return JobView.of(jobs.get(id));
    }
  }

  /**
   * Every output part is opened before the first byte is written, so a missing part is still a proper error
   * response; a failure after that can only cut the stream short, which the client sees as a broken transfer.
   */
  @GetMapping("/{id}/output")
  void output(@PathVariable String id, @RequestParam(required = false) @Min(0) Long limit,
      @RequestParam(defaultValue = "key") @Pattern(regexp = "key|count", message = "must be key or count")
      String orderBy, HttpServletResponse response) throws IOException {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", id)) {
      Job job = jobs.get(id);
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
