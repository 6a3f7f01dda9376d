package io.gristmill.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a Flight Recorder recording says about where a process spent its time: the methods most often on top of
 * the sampled stacks (self time), the platform's own methods most often anywhere on them (inclusive time), the
 * allocation hot spots and the garbage collector's pauses.
 *
 * @param samples Java execution samples in the recording
 * @param self top frames, share of samples
 * @param inclusive {@code io.gristmill} methods anywhere on the stack, share of samples
 * @param allocation top frames of allocation samples, share of sampled bytes
 * @param gcCount collections
 * @param gcPauseMillis total stop-the-world pause
 */
public record HotMethods(
    long samples, List<Share> self, List<Share> inclusive, List<Share> allocation, long gcCount,
    double gcPauseMillis) {

  /** A method and its share, 0..1. */
  public record Share(String method, double share) {}

  public static HotMethods of(Path recording, int top) throws IOException {
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    Map<String, Long> allocation = new HashMap<>();
    long samples = 0;
    long allocated = 0;
    long gcCount = 0;
    double gcPause = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        switch (event.getEventType().getName()) {
          case "jdk.ExecutionSample" -> {
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
              continue;
            }
            samples++;
            self.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : stack.getFrames()) {
              String method = name(frame);
              if (method.startsWith("io.gristmill.") && seen.add(method)) {
                inclusive.merge(method, 1L, Long::sum);
              }
            }
          }
          case "jdk.ObjectAllocationSample" -> {
            RecordedStackTrace stack = event.getStackTrace();
            long weight = event.getLong("weight");
            if (stack != null && !stack.getFrames().isEmpty()) {
              allocated += weight;
              allocation.merge(name(stack.getFrames().get(0)), weight, Long::sum);
            }
          }
          case "jdk.GarbageCollection" -> {
            gcCount++;
            gcPause += event.getDuration("sumOfPauses").toNanos() / 1e6;
          }
          default -> { }
        }
      }
    }
    return new HotMethods(samples, top(self, samples, top), top(inclusive, samples, top),
        top(allocation, allocated, top), gcCount, gcPause);
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static List<Share> top(Map<String, Long> counts, long total, int n) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .map(e -> new Share(e.getKey(), total == 0 ? 0 : (double) e.getValue() / total))
        .toList();
  }
}
