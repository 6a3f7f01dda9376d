package io.gristmill.jobs.task;

/**
 * When reducers' reports that they cannot fetch a map output make the map run again. One report could be the
 * reducer's own network trouble, so it takes {@code reportsBeforeRerun} reports from distinct reduce attempts (as
 * Hadoop does); when the map's worker is known to be gone there is nothing to wait for.
 *
 * @param reportsBeforeRerun distinct reports against one map attempt that re-run its task, at least 1
 */
public record FetchFailureRule(int reportsBeforeRerun) {

  public FetchFailureRule {
    if (reportsBeforeRerun < 1) {
      throw new IllegalArgumentException("reportsBeforeRerun must be at least 1, got " + reportsBeforeRerun);
    }
  }

  public boolean rerun(long distinctReports, boolean mapWorkerGone) {
    return mapWorkerGone || distinctReports >= reportsBeforeRerun;
  }
}
