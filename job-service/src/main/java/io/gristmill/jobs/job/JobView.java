package io.gristmill.jobs.job;

/**
 * A job with the progress of its two phases, as GetJob reports it.
 *
 * @param job the job
 * @param maps progress of its map tasks
 * @param reduces progress of its reduce tasks
 */
public record JobView(Job job, Progress maps, Progress reduces) {}
