package io.gristmill.jobs.job;

import java.util.Map;

/**
 * A job with the progress of its two phases, as GetJob reports it.
 *
 * @param job the job
 * @param maps progress of its map tasks
 * @param reduces progress of its reduce tasks
 * @param counters counters summed over the successful attempt of every committed task
 */
public record JobView(Job job, Progress maps, Progress reduces, Map<String, Long> counters) {}
