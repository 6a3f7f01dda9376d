package io.gristmill.jobs.job;

import io.gristmill.jobs.system.DuplicateRequestException;
import io.gristmill.jobs.system.InvalidRequestException;
import io.gristmill.jobs.system.JobsProperties;
import io.gristmill.jobs.task.MapSplit;
import io.gristmill.jobs.task.Task;
import io.gristmill.jobs.task.TaskRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Records a job: checks it, asks storage for its inputs' chunks, and stores the job with all its tasks at once. */
@Service
public class JobSubmission {

  private static final Logger log = LoggerFactory.getLogger(JobSubmission.class);

  private static final int MAX_REQUEST_ID = 200;
  private static final int MIN_PRIORITY = -10;
  private static final int MAX_PRIORITY = 10;

  private final InputCatalog inputs;
  private final JobRepository jobs;
  private final TaskRepository tasks;
  private final TransactionTemplate transaction;
  private final ApplicationEventPublisher events;
  private final JobsProperties properties;
  private final Clock clock;

  JobSubmission(InputCatalog inputs, JobRepository jobs, TaskRepository tasks, TransactionTemplate transaction,
      ApplicationEventPublisher events, JobsProperties properties, Clock clock) {
    this.inputs = inputs;
    this.jobs = jobs;
    this.tasks = tasks;
    this.transaction = transaction;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Without a request id, submitting twice makes two jobs. With one, a repeat (a retry after a lost answer, or a
   * race of two) answers the job the first recorded: the unique index on (owner, request_id) lets exactly one
   * insert win, and the loser reads the winner's job. The same id for a different request is refused with
   * {@link DuplicateRequestException}. Storage is asked before the transaction opens, so no database connection
   * is held during remote calls.
   */
  public Job submit(JobSpec spec) {
    JobType type = validate(spec);
    if (!spec.requestId().isEmpty()) {
      Optional<Job> earlier = earlierSubmission(spec);
      if (earlier.isPresent()) {
        return earlier.get();
      }
      try {
        return record(type, spec);
      } catch (DataIntegrityViolationException raced) {
        return earlierSubmission(spec).orElseThrow(() -> raced);
      }
    }
    return record(type, spec);
  }

  private Optional<Job> earlierSubmission(JobSpec spec) {
    Optional<Job> earlier = jobs.findByOwnerAndRequestId(spec.owner(), spec.requestId());
    earlier.filter(job -> !job.isSameRequest(spec.fingerprint())).ifPresent(job -> {
      throw new DuplicateRequestException("request id '" + spec.requestId() + "' was already used for job "
          + job.id() + ", which asked for something else");
    });
    return earlier;
  }

  private Job record(JobType type, JobSpec spec) {
    CustomCode custom = type == JobType.CUSTOM ? withDigest(spec.custom()) : null;
    List<InputFile> files = spec.inputFileIds().stream().map(inputs::describe).toList();
    List<MapSplit> splits = SplitPlanner.plan(files);
    UUID jobId = UUID.randomUUID();
    try (var ignored = MDC.putCloseable("jobId", jobId.toString())) {
      Job job = transaction.execute(status -> store(jobId, type, spec, custom, splits));
      log.info("job submitted: {} map tasks, {} reduce tasks", splits.size(), spec.reducers());
      return job;
    }
  }

  /** The artifact must exist; workers verify the jar they fetch against the digest recorded here. */
  private CustomCode withDigest(CustomCode custom) {
    return custom.withSha256(inputs.artifactSha256(custom.artifactId()));
  }

  private Job store(UUID jobId, JobType type, JobSpec spec, CustomCode custom, List<MapSplit> splits) {
    Job created = new Job(jobId, type.wireName(), spec.owner(), spec.reducers(), spec.priority(), spec.inputFileIds(),
        spec.params(), custom, clock.instant());
    if (!spec.requestId().isEmpty()) {
      created.rememberRequest(spec.requestId(), spec.fingerprint());
    }
    Job job = jobs.saveAndFlush(created);
    List<Task> all = new ArrayList<>(splits.size() + spec.reducers());
    for (int i = 0; i < splits.size(); i++) {
      all.add(Task.map(jobId, i, splits.get(i)));
    }
    for (int partition = 0; partition < spec.reducers(); partition++) {
      all.add(Task.reduce(jobId, partition));
    }
    tasks.saveAll(all);
    tasks.recordCountsOf(jobId);
    events.publishEvent(new TasksBecameRunnable(jobId));
    return job;
  }

  private JobType validate(JobSpec spec) {
    JobType type = JobType.byWireName(spec.type()).orElseThrow(() -> new InvalidRequestException(
        "unknown job type '" + spec.type() + "'; known types: " + JobType.known()));
    int inputCount = spec.inputFileIds().size();
    if (inputCount == 0) {
      throw new InvalidRequestException("at least one input file is required");
    }
    if (inputCount > properties.maxInputs()) {
      throw new InvalidRequestException(
          "at most " + properties.maxInputs() + " input files are allowed, got " + inputCount);
    }
    for (int i = 0; i < inputCount; i++) {
      if (spec.inputFileIds().get(i).isBlank()) {
        throw new InvalidRequestException("input file id at position " + i + " is empty");
      }
    }
    if (spec.requestId().length() > MAX_REQUEST_ID) {
      throw new InvalidRequestException("request id is " + spec.requestId().length()
          + " characters long; at most " + MAX_REQUEST_ID + " are allowed");
    }
    if (spec.reducers() < 1 || spec.reducers() > properties.maxReducers()) {
      throw new InvalidRequestException(
          "reducers must be between 1 and " + properties.maxReducers() + ", got " + spec.reducers());
    }
    if (spec.priority() < MIN_PRIORITY || spec.priority() > MAX_PRIORITY) {
      throw new InvalidRequestException("priority must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY
          + ", got " + spec.priority());
    }
    JobTypeRules.check(type, spec.params(), spec.custom());
    return type;
  }
}
