package io.gristmill.worker.shuffle;

import java.io.IOException;
import java.util.List;

/**
 * A reduce attempt could not fetch some map outputs: it names every one, so that the job service can re-run those
 * maps rather than blame the reduce. The message is the first failure's, with a count when there are more.
 */
public final class MapOutputFetchException extends IOException {

  private final List<LostMapOutput> lost;

  MapOutputFetchException(List<LostMapOutput> lost) {
    super(lost.get(0).error() + (lost.size() == 1 ? "" : " (and " + (lost.size() - 1) + " more map outputs)"));
    this.lost = List.copyOf(lost);
  }

  /** The outputs that could not be fetched, by map index. */
  public List<LostMapOutput> lost() {
    return lost;
  }
}
