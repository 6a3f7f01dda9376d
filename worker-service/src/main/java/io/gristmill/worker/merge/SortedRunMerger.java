package io.gristmill.worker.merge;

import io.gristmill.worker.record.RecordStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges runs that are each sorted by key in unsigned byte order into one sorted stream, with a heap holding the
 * current record of every run: O(log k) per record for k runs. Equal keys come out in run order, so the merge is
 * stable. Closing the merger closes every run.
 */
public final class SortedRunMerger implements RecordStream {

  private final List<RecordStream> runs;
  private final PriorityQueue<Head> heap;
  private Head current;
  private boolean started;

  public SortedRunMerger(List<? extends RecordStream> runs) {
    this.runs = new ArrayList<>(runs);
    this.heap = new PriorityQueue<>(Math.max(1, runs.size()), (a, b) -> {
      int byKey = Arrays.compareUnsigned(a.key, b.key);
      return byKey != 0 ? byKey : Integer.compare(a.run, b.run);
    });
  }

  @Override
  public boolean next() throws IOException {
    if (!started) {
      started = true;
      for (int i = 0; i < runs.size(); i++) {
        advance(i);
      }
    } else if (current != null) {
      advance(current.run);
    }
    current = heap.poll();
    return current != null;
  }

  private void advance(int run) throws IOException {
    RecordStream stream = runs.get(run);
    if (stream.next()) {
      heap.add(new Head(run, stream.key(), stream.value()));
    }
  }

  @Override
  public byte[] key() {
    return current.key;
  }

  @Override
  public byte[] value() {
    return current.value;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (RecordStream run : runs) {
      try {
        run.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private record Head(int run, byte[] key, byte[] value) {}
}
