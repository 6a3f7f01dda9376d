package io.gristmill.jobs.dispatch;

import io.gristmill.jobs.system.DependencyUnavailableException;
import io.gristmill.jobs.system.InvalidRequestException;
import io.gristmill.storage.client.BlobStoreClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Commits a reduce attempt's output, as Hadoop's {@code OutputCommitter.commitTask} does: the worker uploaded it
 * under a temporary name of its attempt, {@code job-<jobId>/_temporary/<attemptId>/part-r-NNNNN}, and this renames
 * it to {@code job-<jobId>/part-r-NNNNN}. Outputs of attempts that are never committed keep their temporary names
 * and are deleted by their workers.
 *
 * <p>Called by {@link AttemptReports} with the job's row lock held, before the task is marked SUCCEEDED, so a job
 * succeeds only with every output under its final name. It may run twice for one attempt: when the rename
 * succeeded but the report's transaction did not commit (or the reply was lost), the worker repeats its report and
 * the rename is repeated, which storage answers unchanged.
 */
@Component
class ReduceOutputCommitter {

  /** The owner of job outputs; storage renames only files of this owner, so a report cannot rename a user's file. */
  static final String OUTPUT_OWNER = "system";

  private final BlobStoreClient blobStore;

  ReduceOutputCommitter(BlobStoreClient blobStore) {
    this.blobStore = blobStore;
  }

  /**
   * Renames {@code outputFileId} to the final name of partition {@code partition}. {@link InvalidRequestException}
   * when storage has no such output (the report names a file the attempt did not write), {@link
   * DependencyUnavailableException} when storage cannot answer now, so that the worker retries its report.
   */
  void commit(UUID jobId, int partition, UUID attemptId, String outputFileId) {
    try {
      blobStore.rename(outputFileId, finalName(jobId, partition), OUTPUT_OWNER);
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT) {
        throw new InvalidRequestException("reduce attempt " + attemptId + " reported output file " + outputFileId
            + ", which storage does not hold as a job output");
      }
      throw new DependencyUnavailableException("storage could not commit output file " + outputFileId
          + " of reduce attempt " + attemptId + ": " + code, e);
    }
  }

  /** Where partition {@code partition} of a job's output lives once committed. */
  static String finalName(UUID jobId, int partition) {
    return String.format("job-%s/part-r-%05d", jobId, partition);
  }
}
