package io.gristmill.mapreduce;

/**
 * A named count kept per task and summed over a job's successful attempts. A user counter named {@code x} is
 * reported as {@code user.x}, next to the platform's own counters such as {@code map.input.records}. Not thread-safe:
 * use it from the thread that runs the task.
 */
public final class Counter {

  private long value;

  /** Adds {@code delta} (may be negative). */
  public void increment(long delta) {
    value += delta;
  }

  /** Adds one. */
  public void increment() {
    value++;
  }

  public long value() {
    return value;
  }
}
