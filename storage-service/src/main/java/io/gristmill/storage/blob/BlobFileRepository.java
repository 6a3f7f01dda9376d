package io.gristmill.storage.blob;

import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface BlobFileRepository extends JpaRepository<BlobFile, UUID> {

  Page<BlobFile> findByState(FileState state, Pageable page);

  Page<BlobFile> findByStateAndOwner(FileState state, String owner, Pageable page);

  /** Removes a file row; its chunks and replicas go with it (ON DELETE CASCADE). */
  @Modifying
  @Query("delete from BlobFile f where f.id = :id")
  int deleteRow(@Param("id") UUID id);
}
