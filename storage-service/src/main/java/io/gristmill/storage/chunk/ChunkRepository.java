package io.gristmill.storage.chunk;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ChunkRepository extends JpaRepository<Chunk, UUID> {

  List<Chunk> findByFileIdOrderByIndex(UUID fileId);

  long countByFileId(UUID fileId);
}
