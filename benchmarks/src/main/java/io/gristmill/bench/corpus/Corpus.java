package io.gristmill.bench.corpus;

import java.nio.file.Path;
import java.util.List;

/**
 * A generated corpus on disk.
 *
 * @param dir where its files and {@code corpus.json} are
 * @param files the text files, in order
 * @param size total bytes of all files
 * @param reused true when the files were already there and were not written again
 */
public record Corpus(Path dir, List<Path> files, long size, boolean reused) {

  public Corpus {
    files = List.copyOf(files);
  }
}
