package io.gristmill.jobs.task;

/**
 * How many tasks of a job have a given kind and status.
 *
 * @param kind map or reduce
 * @param status the tasks' status
 * @param count how many
 */
public record TaskCount(TaskKind kind, TaskStatus status, long count) {}
