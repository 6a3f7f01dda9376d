package io.gristmill.storage.chunk;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ChunkRepository extends JpaRepository<Chunk, UUID> {

  List<Chunk> findByFileIdOrderByIndex(UUID fileId);

  long countByFileId(UUID fileId);

  /** Chunks {@code first..last} of a file, by the (file_id, chunk_index) unique index. */
  List<Chunk> findByFileIdAndIndexBetweenOrderByIndex(UUID fileId, int first, int last);
}
