package io.gristmill.worker.artifact;

import io.gristmill.mapreduce.JobDefinition;
import io.gristmill.storage.client.BlobStoreClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job jars on this worker's disk, fetched from the blob store once per SHA-256, each loaded by its own class loader
 * whose parent exposes only the public API ({@link ApiOnlyClassLoader}). Tasks hold a {@link Lease} while they run;
 * when the last lease on a jar is released its class loader is closed, so its classes can be unloaded; the jar
 * file stays cached for the next task of the job.
 */
public final class ArtifactCache {

  private static final Logger log = LoggerFactory.getLogger(ArtifactCache.class);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path dir;
  private final BlobStoreClient blobStore;
  private final ClassLoader api = JobDefinition.class.getClassLoader();
  private final Map<String, Loaded> loaded = new HashMap<>();

  public ArtifactCache(Path dir, BlobStoreClient blobStore) {
    this.dir = dir;
    this.blobStore = blobStore;
  }

  /** A class loader for the artifact, fetching its jar first if this worker has not got it. */
  public synchronized Lease acquire(String fileId, String sha256) throws IOException {
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("artifact SHA-256 must be 64 lower-case hex digits, got '" + sha256 + "'");
    }
    Loaded entry = loaded.get(sha256);
    if (entry == null) {
      Path jar = dir.resolve(sha256 + ".jar");
      if (!Files.exists(jar)) {
        fetch(fileId, sha256, jar);
      }
      entry = new Loaded(new URLClassLoader("artifact-" + sha256.substring(0, 12),
          new java.net.URL[] {jar.toUri().toURL()}, new ApiOnlyClassLoader(api)));
      loaded.put(sha256, entry);
    }
    entry.leases++;
    return new Lease(sha256, entry.loader);
  }

  /** Artifacts with a live class loader now. */
  public synchronized int loadedCount() {
    return loaded.size();
  }

  private synchronized void release(String sha256) {
    Loaded entry = loaded.get(sha256);
    if (entry == null || --entry.leases > 0) {
      return;
    }
    loaded.remove(sha256);
    try {
      entry.loader.close();
    } catch (IOException e) {
      log.warn("Closing the class loader of artifact {} failed", sha256, e);
    }
  }

  private void fetch(String fileId, String sha256, Path jar) throws IOException {
    Files.createDirectories(dir);
    Path partial = dir.resolve(sha256 + ".jar.tmp");
    MessageDigest digest = sha256Digest();
    try (InputStream in = new DigestInputStream(blobStore.open(fileId, 0, 0), digest);
        OutputStream out = Files.newOutputStream(partial)) {
      in.transferTo(out);
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(sha256)) {
      Files.deleteIfExists(partial);
      throw new IOException("artifact file " + fileId + " has SHA-256 " + actual + ", expected " + sha256);
    }
    Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE);
    log.info("Fetched artifact {} ({} bytes)", sha256, Files.size(jar));
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static final class Loaded {
    final URLClassLoader loader;
    int leases;

    Loaded(URLClassLoader loader) {
      this.loader = loader;
    }
  }

  /** A task's hold on an artifact's class loader; release it when the task ends. */
  public final class Lease implements AutoCloseable {
    private final String sha256;
    private final ClassLoader loader;
    private boolean released;

    private Lease(String sha256, ClassLoader loader) {
      this.sha256 = sha256;
      this.loader = loader;
    }

    public ClassLoader loader() {
      return loader;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        release(sha256);
      }
    }
  }
}
