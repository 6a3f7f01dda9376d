package io.gristmill.storage.chunk;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ReplicaRepository extends JpaRepository<Replica, ReplicaId> {

  @Query("select r from Replica r where r.id.chunkHandle in (select c.handle from Chunk c where c.fileId = :fileId)")
  List<Replica> findByFileId(@Param("fileId") UUID fileId);

  @Query("select r from Replica r where r.id.chunkHandle in :handles")
  List<Replica> findByChunkHandles(@Param("handles") Collection<UUID> handles);
}
