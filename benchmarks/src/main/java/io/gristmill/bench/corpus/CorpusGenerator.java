package io.gristmill.bench.corpus;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A deterministic English-like corpus of a given size in {@value #FILES} files: the same size and seed give the
 * same bytes on every machine and JDK. A corpus already in the directory (described by its {@code corpus.json})
 * is reused as it is, so a 1 GiB corpus is written once.
 */
public final class CorpusGenerator {

  /** Files per corpus: several, so that uploads and jobs have more than one input, as real data sets do. */
  public static final int FILES = 8;
  public static final long DEFAULT_SEED = 20260501L;
  /** Smallest corpus: 1 KiB per file. */
  public static final long MIN_SIZE = FILES * 1024L;
  /** Changes whenever the generated text would change, so that an old corpus is not taken for a new one. */
  static final int FORMAT = 1;
  static final String MANIFEST = "corpus.json";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final long seed;
  private final Vocabulary vocabulary;

  public CorpusGenerator(long seed) {
    this.seed = seed;
    this.vocabulary = new Vocabulary(seed);
  }

  /** Writes exactly {@code size} bytes of file {@code index} of this seed's corpus to {@code out}. */
  public void write(int index, long size, OutputStream out) throws IOException {
    new ProseWriter(vocabulary, seed * 31 + index).write(size, out);
  }

  /** The corpus of {@code size} bytes in {@code dir}: reused when there, else generated (files in parallel). */
  public Corpus ensure(Path dir, long size, PrintStream log) throws IOException {
    if (size < MIN_SIZE) {
      throw new IllegalArgumentException("the corpus must be at least " + MIN_SIZE + " bytes, was " + size);
    }
    List<Path> files = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (int i = 0; i < FILES; i++) {
      files.add(dir.resolve(String.format("part-%02d.txt", i)));
      sizes.add(size / FILES + (i == FILES - 1 ? size % FILES : 0));
    }
    if (matches(dir, size, files, sizes)) {
      return new Corpus(dir, files, size, true);
    }
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(MANIFEST));
    log.printf("Generating a %d-byte corpus in %s (%d files)...%n", size, dir, FILES);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < FILES; i++) {
        int index = i;
        writes.add(pool.submit(() -> {
          writeFile(index, sizes.get(index), files.get(index));
          return null;
        }));
      }
      for (Future<?> w : writes) {
        w.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while generating the corpus", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    writeManifest(dir, size, files, sizes);
    return new Corpus(dir, files, size, false);
  }

  private void writeFile(int index, long size, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      write(index, size, out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Written last, so a corpus whose generation was interrupted is never taken as complete. */
  private void writeManifest(Path dir, long size, List<Path> files, List<Long> sizes) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("seed", seed);
    root.put("size", size);
    var array = root.putArray("files");
    for (int i = 0; i < files.size(); i++) {
      array.addObject().put("name", files.get(i).getFileName().toString()).put("size", sizes.get(i));
    }
    Files.writeString(dir.resolve(MANIFEST), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  private boolean matches(Path dir, long size, List<Path> files, List<Long> sizes) {
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return false;
    }
    try {
      JsonNode root = JSON.readTree(Files.readString(manifest));
      if (root.path("format").asInt() != FORMAT || root.path("seed").asLong() != seed
          || root.path("size").asLong() != size) {
        return false;
      }
      for (int i = 0; i < files.size(); i++) {
        if (!Files.isRegularFile(files.get(i)) || Files.size(files.get(i)) != sizes.get(i)) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
