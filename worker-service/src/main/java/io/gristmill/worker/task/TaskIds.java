package io.gristmill.worker.task;

/** Which attempt of which task of which job. */
public record TaskIds(String jobId, String taskId, String attemptId) {}
