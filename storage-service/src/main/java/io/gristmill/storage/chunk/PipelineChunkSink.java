package io.gristmill.storage.chunk;

import io.gristmill.contracts.storage.v1.ChunkTransferGrpc;
import io.gristmill.contracts.storage.v1.CopyChunkRequest;
import io.gristmill.contracts.storage.v1.DeleteChunkRequest;
import io.gristmill.contracts.storage.v1.WriteChunkResponse;
import io.gristmill.storage.StorageProperties;
import io.gristmill.storage.node.LocalNode;
import io.gristmill.storage.node.PeerChannels;
import io.gristmill.storage.placement.Candidate;
import io.gristmill.storage.placement.NodePlacement;
import io.gristmill.storage.system.StorageException;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Writes each chunk through a pipeline of the nodes placement chooses: this node sends the bytes once to the
 * first, which forwards them to the second, and so on. A chunk counts as written when at least its write quorum
 * holds it durably; if the pipeline lost too many nodes the chunk is copied from a survivor to fresh nodes, and
 * nodes still missing after that are left to re-replication. If the first node fails, the chunk is written again
 * through a new pipeline without it, with a higher version ({@link RetriedChunkWrite}), up to
 * {@code placement.pipeline-attempts} times; a pipeline that starts at this node (placement puts the writer first
 * whenever it can take the chunk) is written once, without a spool: a node whose own disk fails cannot spool.
 */
@Component
class PipelineChunkSink implements ChunkSink, RetriedChunkWrite.Pipelines {

  private static final Logger log = LoggerFactory.getLogger(PipelineChunkSink.class);

  private final NodePlacement placement;
  private final PeerChannels peers;
  private final LocalNode node;
  private final int writeQuorum;
  private final Duration transferTimeout;
  private final int pipelineAttempts;
  private final Path spoolDir;
  private final int queuedBytes;

  PipelineChunkSink(NodePlacement placement, PeerChannels peers, LocalNode node, StorageProperties properties)
      throws IOException {
    this.placement = placement;
    this.peers = peers;
    this.node = node;
    this.writeQuorum = properties.placement().writeQuorum();
    this.transferTimeout = properties.chunkFetchTimeout();
    this.pipelineAttempts = properties.placement().pipelineAttempts();
    this.spoolDir = properties.dataDir().resolve("spool");
    this.queuedBytes = Math.toIntExact(properties.transfer().queuedBytes().toBytes());
    // Spools of uploads this node was writing when it stopped: those uploads failed with it.
    FileSystemUtils.deleteRecursively(spoolDir);
    Files.createDirectories(spoolDir);
  }

  @Override
  public OpenChunk open(UUID handle, int replication) throws IOException {
    List<Candidate> targets = placement.choose(replication, Set.of(), List.of(), node.id());
    if (targets.isEmpty()) {
      throw StorageException.unavailable("no live storage node can take chunk " + handle + " now", null);
    }
    int quorum = Math.min(writeQuorum, targets.size());
    // A pipeline that starts here fails at its first node only when this node's own disk does, where a spool on the
    // same disk would not save the bytes either; spooling them anyway wrote every byte a fourth time on this node.
    int attempts = targets.get(0).id().equals(node.id()) ? 1 : pipelineAttempts;
    return new RetriedChunkWrite(handle, replication, quorum, attempts, targets, this,
        spoolDir.resolve(handle.toString()));
  }

  @Override
  public List<Candidate> choose(int replication, Set<String> excluded) {
    return placement.choose(replication, excluded, List.of(), node.id());
  }

  @Override
  public PipelineWrite open(UUID handle, long version, List<Candidate> targets) {
    return new PipelineWrite(handle, version, targets, peers, transferTimeout, queuedBytes);
  }

  /** Copies the chunk from a survivor to fresh nodes until the quorum holds it, or fails the chunk. */
  @Override
  public StoredChunk sealed(UUID handle, long version, WriteChunkResponse reply, List<Candidate> planned,
      Set<String> failed, int quorum) {
    long size = reply.getSize();
    List<String> holders = new ArrayList<>(reply.getNodeIdsList());
    if (holders.size() < quorum) {
      Map<String, Candidate> live = placement.liveNodes().stream()
          .collect(Collectors.toMap(Candidate::id, Function.identity()));
      Candidate source = live.get(holders.get(0));
      Set<String> excluded = new HashSet<>(planned.stream().map(Candidate::id).toList());
      excluded.addAll(failed);
      List<String> zones = holders.stream().map(live::get).filter(c -> c != null).map(Candidate::zone).toList();
      for (Candidate target : placement.choose(quorum - holders.size(), excluded, zones, null)) {
        if (source == null) {
          break;
        }
        try {
          ChunkTransferGrpc.newBlockingStub(peers.to(target.address()))
              .withDeadlineAfter(transferTimeout.toMillis(), TimeUnit.MILLISECONDS)
              .copyChunk(CopyChunkRequest.newBuilder().setHandle(handle.toString()).setSize(size)
                  .setSourceAddress(source.address()).setVersion(version).build());
          holders.add(target.id());
        } catch (StatusRuntimeException e) {
          log.warn("could not copy chunk {} to node {}: {}", handle, target.id(), e.getStatus());
        }
      }
    }
    if (holders.size() < quorum) {
      discard(new StoredChunk(handle, size, version, holders));
      throw StorageException.unavailable("chunk " + handle + " reached only " + holders.size() + " of the "
          + quorum + " nodes its write quorum needs", null);
    }
    if (holders.size() < planned.size()) {
      log.info("chunk {} written to {} of {} nodes; re-replication makes the rest", handle, holders.size(),
          planned.size());
    }
    return new StoredChunk(handle, size, version, holders);
  }

  /**
   * Deletes the chunk's replicas. Runs outside the caller's gRPC context: an upload is mostly discarded because
   * its client cancelled, and calls made in a cancelled context would be cancelled at once.
   */
  @Override
  public void discard(StoredChunk chunk) {
    Context.current().fork().run(() -> deleteReplicas(chunk));
  }

  private void deleteReplicas(StoredChunk chunk) {
    Map<String, String> addresses = placement.liveNodes().stream()
        .collect(Collectors.toMap(Candidate::id, Candidate::address));
    for (String nodeId : chunk.nodeIds()) {
      String address = addresses.get(nodeId);
      if (address == null) {
        continue; // left to the node's next chunk report, which finds it orphaned
      }
      try {
        ChunkTransferGrpc.newBlockingStub(peers.to(address))
            .withDeadlineAfter(10, TimeUnit.SECONDS) // a file deletion on one disk
            .deleteChunk(DeleteChunkRequest.newBuilder().setHandle(chunk.handle().toString()).build());
      } catch (StatusRuntimeException e) {
        log.warn("could not delete chunk {} on node {}; its chunk report will: {}", chunk.handle(), nodeId,
            e.getStatus());
      }
    }
  }
}
