package io.gristmill.worker.mapoutput;

/** This worker holds no output of the map attempt: it never ran here, failed, or was lost with a restart. */
public final class MapOutputNotFoundException extends RuntimeException {

  public MapOutputNotFoundException(String attemptId) {
    super("no output for map attempt " + attemptId);
  }
}
