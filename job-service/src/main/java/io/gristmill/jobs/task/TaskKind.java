package io.gristmill.jobs.task;

/** The two phases of a MapReduce job. */
public enum TaskKind {
  MAP("map"),
  REDUCE("reduce");

  private final String label;

  TaskKind(String label) {
    this.label = label;
  }

  /** Lower-case name used in messages shown to users, e.g. "map task 3 failed ...". */
  public String label() {
    return label;
  }
}
