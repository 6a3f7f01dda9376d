package io.gristmill.mapreduce.runtime;

import io.gristmill.mapreduce.Counters;
import io.gristmill.mapreduce.JobParameters;

/**
 * What a task runs with.
 *
 * @param parameters the job's parameters
 * @param reducers R
 * @param fileName the input file's name (map tasks); empty for reduces
 * @param counters the task's counters, user counters included
 */
public record TaskEnvironment(JobParameters parameters, int reducers, String fileName, Counters counters) {}
