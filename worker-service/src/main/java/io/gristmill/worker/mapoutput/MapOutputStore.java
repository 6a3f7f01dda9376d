package io.gristmill.worker.mapoutput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The worker's local disk: {@code <work-dir>/<attemptId>/partition-NNNNN} holds a finished map attempt's
 * partitions; {@code <attemptId>.tmp} holds one being written, renamed into place when every partition is
 * complete, so the shuffle never sees half an output. Reduce attempts use {@code <attemptId>.reduce} as scratch.
 * Only canonical UUIDs are accepted as attempt ids, so no request can name a path outside the work dir.
 */
public final class MapOutputStore {

  private static final Pattern ATTEMPT_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

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

  /** A fresh scratch directory for a reduce attempt. */
  public Path scratchDir(String attemptId) throws IOException {
    return freshDir(workDir.resolve(checkedAttemptId(attemptId) + ".reduce"));
  }

  /**
   * The file holding one partition of a published map attempt.
   *
   * @throws InvalidMapOutputRequestException if the id is not a UUID or the attempt has no such partition
   * @throws MapOutputNotFoundException if no output of that attempt is held here
   */
  public Path partitionFile(String attemptId, int partition) {
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
    Path file = dir.resolve(partitionFileName(partition));
    if (!Files.isRegularFile(file)) {
      throw new InvalidMapOutputRequestException(
          "map attempt " + attemptId + " has " + countPartitions(dir) + " partitions, so no partition " + partition);
    }
    return file;
  }

  /** Deletes everything an attempt left here, published or not; a no-op when there is nothing. */
  public void deleteAttempt(String attemptId) throws IOException {
    String id = checkedAttemptId(attemptId);
    for (String name : new String[] {id, id + ".tmp", id + ".reduce"}) {
      deleteRecursively(workDir.resolve(name));
    }
  }

  static String partitionFileName(int partition) {
    return String.format("partition-%05d", partition);
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

  private static long countPartitions(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("partition-")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
