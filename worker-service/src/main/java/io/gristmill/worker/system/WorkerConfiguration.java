package io.gristmill.worker.system;

import io.gristmill.storage.client.BlobStoreClient;
import io.gristmill.storage.client.ShortCircuitReads;
import io.gristmill.worker.WorkerProperties;
import io.gristmill.worker.job.JobType;
import io.gristmill.worker.job.JobRuntimes;
import io.gristmill.worker.artifact.ArtifactCache;
import io.gristmill.worker.grep.Grep;
import io.gristmill.worker.invertedindex.InvertedIndex;
import io.gristmill.worker.mapoutput.MapOutputStore;
import io.gristmill.worker.shuffle.MapOutputCopier;
import io.gristmill.worker.shuffle.ShuffleFetcher;
import io.gristmill.worker.shuffle.StorageFetcher;
import io.gristmill.worker.task.MapTaskRunner;
import io.gristmill.worker.task.ReduceTaskRunner;
import io.gristmill.worker.task.TaskExecutor;
import io.gristmill.worker.wordcount.WordCount;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * Wires the engine. Channels come from Spring's {@link GrpcChannelFactory}, which accepts {@code host:port} (and
 * {@code in-process:name} in tests), adds the observation interceptors, and shuts the channels down on exit.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

  @Bean
  MapOutputStore mapOutputStore(WorkerProperties properties) throws IOException {
    MapOutputStore store = new MapOutputStore(properties.workDir());
    // Outputs of an earlier run are unknown to the job service once this worker registers with a new id.
    store.clean();
    return store;
  }

  @Bean
  ManagedChannel jobServiceChannel(GrpcChannelFactory channels, WorkerProperties properties) {
    return channels.createChannel(properties.jobServiceAddress());
  }

  @Bean
  BlobStoreClient blobStoreClient(GrpcChannelFactory channels, WorkerProperties properties) {
    List<ManagedChannel> nodes = properties.storageAddresses().stream().map(channels::createChannel).toList();
    return new BlobStoreClient(nodes,
        new BlobStoreClient.Timeouts(properties.rpcTimeout(), properties.transferTimeout()));
  }

  @Bean
  ShuffleFetcher shuffleFetcher(GrpcChannelFactory channels, WorkerProperties properties) {
    return new ShuffleFetcher(channels::createChannel, properties.transferTimeout(),
        properties.fetch().stallTimeout());
  }

  /** The worker's own clock: attempt start and finish times, heartbeat send times, report time limits. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  JobRuntimes jobRuntimes(MapOutputStore store, BlobStoreClient blobStore) {
    List<JobType> builtIns = List.of(new WordCount(), new Grep(), new InvertedIndex());
    return new JobRuntimes(builtIns, new ArtifactCache(store.artifactDir(), blobStore));
  }

  @Bean
  TaskExecutor taskExecutor(JobRuntimes jobs, BlobStoreClient blobStore, MapOutputStore store,
      ShuffleFetcher fetcher, WorkerProperties properties) {
    WorkerProperties.Engine engine = properties.engine();
    return new TaskExecutor(
        new MapTaskRunner(jobs, blobStore, new ShortCircuitReads(blobStore, engine.shortCircuitReads()), store,
            engine.sortBuffer().toBytes()),
        new ReduceTaskRunner(jobs, blobStore, store, new MapOutputCopier(fetcher, new StorageFetcher(blobStore),
            Optional.of(store), engine.parallelFetches(), engine.shuffleMemory().toBytes(),
            new MapOutputCopier.Retries(properties.fetch().attempts(),
                properties.fetch().initialBackoff(), properties.fetch().maxBackoff())), engine.mergeFactor()));
  }
}
