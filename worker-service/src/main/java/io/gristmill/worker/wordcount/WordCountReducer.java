package io.gristmill.worker.wordcount;

import io.gristmill.worker.job.ReduceFunction;
import io.gristmill.worker.record.Varint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/** Sums a word's partial counts and writes the total as decimal text. */
final class WordCountReducer implements ReduceFunction {

  @Override
  public void reduce(byte[] word, Iterator<byte[]> counts, Output out) throws IOException {
    long total = 0;
    while (counts.hasNext()) {
      total += Varint.decode(counts.next());
    }
    out.write(word, Long.toString(total).getBytes(StandardCharsets.US_ASCII));
  }
}
