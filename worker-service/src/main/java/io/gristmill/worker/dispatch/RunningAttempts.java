package io.gristmill.worker.dispatch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The attempts this worker is running now, reported with every heartbeat. */
final class RunningAttempts {

  private final Set<String> ids = ConcurrentHashMap.newKeySet();

  void add(String attemptId) {
    ids.add(attemptId);
  }

  void remove(String attemptId) {
    ids.remove(attemptId);
  }

  List<String> snapshot() {
    return List.copyOf(ids);
  }
}
