package io.gristmill.worker.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gristmill.mapreduce.Mapper;
import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.worker.fakes.FakeBlobStore;
import io.gristmill.worker.fakes.TestJars;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job jars on one worker: a class loader each, isolated from each other and from the worker, closed when unused. */
class ArtifactCacheTest {

  @TempDir
  Path dir;

  private final FakeBlobStore blobStore = new FakeBlobStore();
  private Server server;
  private ManagedChannel channel;
  private BlobStoreClient client;
  private ArtifactCache cache;

  @BeforeEach
  void start() throws Exception {
    String name = "artifacts-" + UUID.randomUUID();
    server = InProcessServerBuilder.forName(name).addService(blobStore).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    client = new BlobStoreClient(List.of(channel), BlobStoreClient.Timeouts.defaults());
    cache = new ArtifactCache(dir, client);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void twoJarsDefiningTheSameClassesEachSeeTheirOwnWhileBothAreLoaded() throws Exception {
    Artifact a = store(TestJars.taggingJob("A"));
    Artifact b = store(TestJars.taggingJob("B"));

    try (ArtifactCache.Lease first = cache.acquire(a.id(), a.sha256());
        ArtifactCache.Lease second = cache.acquire(b.id(), b.sha256())) {
      Class<?> versionA = first.loader().loadClass("ext.Version");
      Class<?> versionB = second.loader().loadClass("ext.Version");

      assertThat(versionA).isNotSameAs(versionB);
      assertThat(versionA.getMethod("name").invoke(null)).isEqualTo("A");
      assertThat(versionB.getMethod("name").invoke(null)).isEqualTo("B");
      // The classes a jar's own classes link against come from that jar too.
      assertThat(first.loader().loadClass("ext.Tag").getClassLoader()).isSameAs(first.loader());
      // Both share the public API, and neither sees the worker's own classes.
      assertThat(first.loader().loadClass(Mapper.class.getName())).isSameAs(Mapper.class);
      assertThat(second.loader().loadClass(Mapper.class.getName())).isSameAs(Mapper.class);
      assertThatThrownBy(() -> first.loader().loadClass(ArtifactCache.class.getName()))
          .isInstanceOf(ClassNotFoundException.class);
      assertThat(cache.loadedCount()).isEqualTo(2);
    }
  }

  @Test
  void aJarIsFetchedOnceAndItsLoaderIsSharedByTheTasksHoldingIt() throws Exception {
    Artifact a = store(TestJars.taggingJob("A"));

    try (ArtifactCache.Lease one = cache.acquire(a.id(), a.sha256());
        ArtifactCache.Lease two = cache.acquire(a.id(), a.sha256())) {
      assertThat(one.loader()).isSameAs(two.loader());
    }
    // Gone from the blob store: a later task still finds the jar in the worker's cache directory.
    client.delete(a.id());
    try (ArtifactCache.Lease again = cache.acquire(a.id(), a.sha256())) {
      assertThat(again.loader().loadClass("ext.Version").getMethod("name").invoke(null)).isEqualTo("A");
    }
  }

  @Test
  void theLoaderOfAnArtifactNoTaskHoldsIsClosedAndItsClassesAreUnloaded() throws Exception {
    Artifact a = store(TestJars.taggingJob("A"));
    ArtifactCache.Lease lease = cache.acquire(a.id(), a.sha256());
    WeakReference<Class<?>> version = loadVersion(lease);
    WeakReference<ClassLoader> loader = new WeakReference<>(lease.loader());
    ArtifactCache.Lease other = cache.acquire(a.id(), a.sha256());

    lease.close();
    assertThat(cache.loadedCount()).as("still held by another task").isEqualTo(1);
    other.close();

    assertThat(cache.loadedCount()).isZero();
    // A closed URLClassLoader finds nothing more in its jar.
    assertThat(loader.get().getResource("ext/Version.class")).isNull();
    lease = null;
    other = null;
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      System.gc();
      return version.get() == null && loader.get() == null;
    });
  }

  @Test
  void refusesAJarWhoseBytesDoNotMatchTheSha256ItWasNamedBy() throws Exception {
    Artifact a = store(TestJars.taggingJob("A"));
    String wrong = "0".repeat(64);

    assertThatThrownBy(() -> cache.acquire(a.id(), wrong))
        .hasMessage("artifact file " + a.id() + " has SHA-256 " + a.sha256() + ", expected " + wrong);
    assertThat(dir.resolve(wrong + ".jar")).doesNotExist();
    assertThat(dir.resolve(wrong + ".jar.tmp")).doesNotExist();
  }

  /** Loads a class through the lease in a frame of its own, so that only the weak reference outlives it. */
  private static WeakReference<Class<?>> loadVersion(ArtifactCache.Lease lease) throws Exception {
    Class<?> type = lease.loader().loadClass("ext.Version");
    assertThat(type.getMethod("name").invoke(null)).isEqualTo("A");
    return new WeakReference<>(type);
  }

  private record Artifact(String id, String sha256) {}

  private Artifact store(byte[] jar) throws Exception {
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
    return new Artifact(blobStore.put("job.jar", jar), sha256);
  }
}
