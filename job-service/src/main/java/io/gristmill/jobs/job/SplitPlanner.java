package io.gristmill.jobs.job;

import io.gristmill.jobs.task.MapSplit;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts inputs into map splits: one per chunk, in input order then chunk order, so map index i is the i-th chunk
 * of the concatenated inputs. A split follows its chunk because the chunk is the unit a storage node can serve
 * locally (the split remembers the hosts of its chunk's replicas, so a worker on one of them is preferred); the
 * worker extends each split to whole lines.
 */
final class SplitPlanner {

  private SplitPlanner() {}

  static List<MapSplit> plan(List<InputFile> inputs) {
    List<MapSplit> splits = new ArrayList<>();
    for (InputFile input : inputs) {
      for (InputFile.Chunk chunk : input.chunks()) {
        splits.add(new MapSplit(input.id(), input.name(), chunk.offset(), chunk.size(), input.size(),
            chunk.replicaHosts()));
      }
    }
    return splits;
  }
}
