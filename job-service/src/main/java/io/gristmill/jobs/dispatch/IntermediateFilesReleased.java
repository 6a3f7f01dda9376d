package io.gristmill.jobs.dispatch;

import java.util.List;
import java.util.UUID;

/** A job no longer needs the map outputs it kept in the blob store: its reduces are all done, or it failed. */
record IntermediateFilesReleased(UUID jobId, List<String> fileIds) {}
