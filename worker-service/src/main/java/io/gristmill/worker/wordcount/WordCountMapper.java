package io.gristmill.worker.wordcount;

import io.gristmill.text.Words;
import io.gristmill.worker.job.MapFunction;
import io.gristmill.worker.record.Varint;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts words in memory over the whole split (the combiner, applied before anything is written), then emits one
 * record per distinct word. Lines are decoded one by one; since {@code '\n'} never occurs inside a UTF-8 sequence,
 * that finds the same words as decoding the whole file.
 */
final class WordCountMapper implements MapFunction {

  private final Map<String, long[]> counts = new HashMap<>();

  @Override
  public void map(byte[] line, int offset, int length) {
    Words.forEach(line, offset, length, word -> counts.computeIfAbsent(word, w -> new long[1])[0]++);
  }

  @Override
  public void finish(Emitter out) {
    counts.forEach((word, count) -> out.emit(word.getBytes(StandardCharsets.UTF_8), Varint.encode(count[0])));
    counts.clear();
  }
}
