package io.gristmill.storage.chunk;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ChunkRepository extends JpaRepository<Chunk, UUID> {

  List<Chunk> findByFileIdOrderByIndex(UUID fileId);

  long countByFileId(UUID fileId);

  /** Chunks {@code first..last} of a file, by the (file_id, chunk_index) unique index. */
  List<Chunk> findByFileIdAndIndexBetweenOrderByIndex(UUID fileId, int first, int last);

  /**
   * Chunks {@code first..last} of a file with their replicas and the nodes holding them, in one query (a split
   * read asks for this on every read): rows of (Chunk, Replica, StorageNode) in chunk order, with a null replica
   * and node for a chunk that has no replica row.
   */
  @Query("""
      select c, r, n from Chunk c
        left join Replica r on r.id.chunkHandle = c.handle
        left join io.gristmill.storage.node.StorageNode n on n.id = r.id.nodeId
      where c.fileId = :fileId and c.index between :first and :last
      order by c.index
      """)
  List<Object[]> findRangeWithReplicas(@Param("fileId") UUID fileId, @Param("first") int first,
      @Param("last") int last);
}
