package io.gristmill.worker.merge;

import io.gristmill.worker.record.RecordStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Groups a key-sorted record stream by key: each group is a key with an iterator over its values. Values a
 * reducer does not consume are skipped when it moves on to the next group.
 */
public final class KeyGroups {

  private final RecordStream records;
  private boolean started;
  private boolean hasCurrent;
  private byte[] groupKey;
  private long recordCount;
  private long groupCount;

  public KeyGroups(RecordStream records) {
    this.records = records;
  }

  /** Moves to the next key; false when there is none. */
  public boolean nextGroup() throws IOException {
    if (!started) {
      started = true;
      advance();
    }
    while (hasCurrent && groupKey != null && Arrays.equals(records.key(), groupKey)) {
      advance();
    }
    if (!hasCurrent) {
      groupKey = null;
      return false;
    }
    groupKey = records.key();
    groupCount++;
    return true;
  }

  public byte[] key() {
    return groupKey;
  }

  /** The current key's values, each read from the stream as it is asked for. */
  public Iterator<byte[]> values() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return hasCurrent && Arrays.equals(records.key(), groupKey);
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        byte[] value = records.value();
        try {
          advance();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return value;
      }
    };
  }

  /** Records read so far. */
  public long records() {
    return recordCount;
  }

  /** Groups started so far. */
  public long groups() {
    return groupCount;
  }

  private void advance() throws IOException {
    hasCurrent = records.next();
    if (hasCurrent) {
      recordCount++;
    }
  }
}
