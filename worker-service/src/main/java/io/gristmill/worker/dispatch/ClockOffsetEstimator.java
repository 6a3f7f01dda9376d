package io.gristmill.worker.dispatch;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;

/**
 * Cristian's algorithm over heartbeats: each round trip gives a sample offset = worker clock minus job service
 * clock = {@code T2 - (server + (T2 - T0) / 2)}, with T0 the send time and T2 the receipt time by the worker's
 * clock. The error of a sample is at most half its round trip, so the estimate is the sample with the smallest
 * round trip among the last {@code window}, which also lets it follow a clock that steps or drifts. Plain Java,
 * not thread-safe: the session's single thread feeds it.
 */
final class ClockOffsetEstimator {

  /** One round trip: its length and the offset it implies, in milliseconds. */
  private record Sample(long roundTripMillis, long offsetMillis) {}

  private final int window;
  private final Deque<Sample> samples = new ArrayDeque<>();

  /** @param window how many of the latest samples are considered */
  ClockOffsetEstimator(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, got " + window);
    }
    this.window = window;
  }

  /**
   * Adds one round trip. Ignored when the server sent no time or the worker's clock went backwards meanwhile.
   *
   * @param sentAtMillis T0, the worker's clock when it sent the heartbeat
   * @param serverTimeMillis the job service's clock when it answered
   * @param receivedAtMillis T2, the worker's clock when the answer arrived
   */
  void add(long sentAtMillis, long serverTimeMillis, long receivedAtMillis) {
    long roundTrip = receivedAtMillis - sentAtMillis;
    if (serverTimeMillis <= 0 || roundTrip < 0) {
      return;
    }
    if (samples.size() == window) {
      samples.removeFirst();
    }
    samples.addLast(new Sample(roundTrip, receivedAtMillis - (serverTimeMillis + roundTrip / 2)));
  }

  /** Worker clock minus job service clock, in milliseconds; empty before the first sample. */
  OptionalLong offsetMillis() {
    // Among equally short round trips the latest wins: it reflects the clocks as they are now.
    return samples.stream()
        .reduce((best, next) -> next.roundTripMillis() <= best.roundTripMillis() ? next : best)
        .map(sample -> OptionalLong.of(sample.offsetMillis()))
        .orElse(OptionalLong.empty());
  }
}
