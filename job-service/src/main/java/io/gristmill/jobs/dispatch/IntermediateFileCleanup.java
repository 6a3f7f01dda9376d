package io.gristmill.jobs.dispatch;

import io.gristmill.storage.client.BlobStoreClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Deletes the map outputs a finished job kept in the blob store, once the job's end is committed. Best effort: a
 * file that cannot be deleted is logged and left (it is owned by {@code system} and named after its job). The
 * deletes run on a thread of their own so that a slow storage service never holds up the worker's report that
 * finished the job.
 */
@Component
class IntermediateFileCleanup implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(IntermediateFileCleanup.class);

  private final BlobStoreClient blobStore;
  private final ExecutorService deleter = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "intermediate-file-cleanup");
    thread.setDaemon(true);
    return thread;
  });

  IntermediateFileCleanup(BlobStoreClient blobStore) {
    this.blobStore = blobStore;
  }

  @TransactionalEventListener
  void released(IntermediateFilesReleased event) {
    if (!event.fileIds().isEmpty()) {
      deleter.execute(() -> delete(event));
    }
  }

  private void delete(IntermediateFilesReleased event) {
    int deleted = 0;
    for (String fileId : event.fileIds()) {
      try {
        blobStore.delete(fileId);
        deleted++;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          deleted++;
        } else {
          log.warn("Cannot delete intermediate file {} of job {}: {}", fileId, event.jobId(), e.getStatus());
        }
      }
    }
    log.info("Deleted {} of {} intermediate files of job {}", deleted, event.fileIds().size(), event.jobId());
  }

  @Override
  public void destroy() {
    deleter.shutdownNow();
  }
}
