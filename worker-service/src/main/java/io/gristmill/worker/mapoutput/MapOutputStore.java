package io.gristmill.worker.mapoutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The worker's local disk: {@code <work-dir>/<attemptId>/output} holds a finished map attempt's partitions one
 * after the other, sorted, and {@code index} where each lies with its CRC32C; {@code <attemptId>.tmp} holds one
 * being written (with its spills), renamed into place when complete, so the shuffle never sees half an output. Reduce attempts use {@code <attemptId>.reduce} as scratch.
 * Only canonical UUIDs are accepted as attempt ids, so no request can name a path outside the work dir.
 */
public final class MapOutputStore {

  private static final Pattern ATTEMPT_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** The map output's data file within an attempt's directory. */
  static final String DATA_FILE = "output";

  /** The map output's index within an attempt's directory. */
  static final String INDEX_FILE = "index";

  private final Path workDir;

  public MapOutputStore(Path workDir) {
    this.workDir = workDir.toAbsolutePath().normalize();
  }

  /** Empties the work dir: outputs of an earlier run are unknown to the job service once this worker re-registers. */
  public void clean() throws IOException {
    Files.createDirectories(workDir);
    try (Stream<Path> children = Files.list(workDir)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        deleteRecursively(child);
      }
    }
  }

  /** A fresh directory to write a map attempt's partitions into before {@link #publish}. */
  public Path stagingDir(String attemptId) throws IOException {
    return freshDir(workDir.resolve(checkedAttemptId(attemptId) + ".tmp"));
  }

  /** Makes a staged map output visible to the shuffle, in one atomic rename. */
  public void publish(String attemptId) throws IOException {
    Path staged = workDir.resolve(checkedAttemptId(attemptId) + ".tmp");
    Files.move(staged, workDir.resolve(attemptId), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * A published map output as one stream for the blob store: the index ({@link MapOutputIndex#ENTRY_BYTES} per
   * partition, offsets relative to the data) followed by the data, so a reader finds a partition with two range
   * reads and needs no second file.
   */
  public InputStream openPublished(String attemptId) throws IOException {
    Path dir = workDir.resolve(checkedAttemptId(attemptId));
    InputStream index = Files.newInputStream(dir.resolve(INDEX_FILE));
    try {
      return new SequenceInputStream(index, Files.newInputStream(dir.resolve(DATA_FILE)));
    } catch (IOException e) {
      index.close();
      throw e;
    }
  }

  /** A fresh scratch directory for a reduce attempt. */
  public Path scratchDir(String attemptId) throws IOException {
    return freshDir(workDir.resolve(checkedAttemptId(attemptId) + ".reduce"));
  }

  /**
   * Where one partition of a published map attempt lies.
   *
   * @throws InvalidMapOutputRequestException if the id is not a UUID or the attempt has no such partition
   * @throws MapOutputNotFoundException if no output of that attempt is held here
   */
  public Segment segment(String attemptId, int partition) throws IOException {
    if (!ATTEMPT_ID.matcher(attemptId).matches()) {
      throw new InvalidMapOutputRequestException("map_attempt_id must be a lower-case UUID, got '" + attemptId + "'");
    }
    if (partition < 0) {
      throw new InvalidMapOutputRequestException("partition must not be negative, got " + partition);
    }
    Path dir = workDir.resolve(attemptId);
    if (!Files.isDirectory(dir)) {
      throw new MapOutputNotFoundException(attemptId);
    }
    Path index = dir.resolve(INDEX_FILE);
    int partitions = MapOutputIndex.partitions(index);
    if (partition >= partitions) {
      throw new InvalidMapOutputRequestException(
          "map attempt " + attemptId + " has " + partitions + " partitions, so no partition " + partition);
    }
    return MapOutputIndex.read(index, dir.resolve(DATA_FILE), partition);
  }

  /** Where the jars of custom jobs are kept. */
  public Path artifactDir() {
    return workDir.resolve("artifacts");
  }

  /** Deletes everything an attempt left here, published or not; a no-op when there is nothing. */
  public void deleteAttempt(String attemptId) throws IOException {
    String id = checkedAttemptId(attemptId);
    for (String name : new String[] {id, id + ".tmp", id + ".reduce"}) {
      deleteRecursively(workDir.resolve(name));
    }
  }

  private static String checkedAttemptId(String attemptId) {
    if (!ATTEMPT_ID.matcher(attemptId).matches()) {
      throw new IllegalArgumentException("attempt id must be a lower-case UUID, got '" + attemptId + "'");
    }
    return attemptId;
  }

  private static Path freshDir(Path dir) throws IOException {
    deleteRecursively(dir);
    return Files.createDirectories(dir);
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        try {
          Files.delete(p);
        } catch (NoSuchFileException ignored) {
          // Already gone: deleting is all we wanted.
        }
      }
    }
  }
}
