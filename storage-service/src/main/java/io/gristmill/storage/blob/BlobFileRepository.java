package io.gristmill.storage.blob;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface BlobFileRepository extends JpaRepository<BlobFile, UUID> {

  Page<BlobFile> findByState(FileState state, Pageable page);

  Page<BlobFile> findByStateAndOwner(FileState state, String owner, Pageable page);

  /**
   * The file row, locked until the transaction ends. Hibernate writes every column of a changed row, so a change
   * made without the lock could put back a state that a concurrent delete had just replaced.
   */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select f from BlobFile f where f.id = :id")
  Optional<BlobFile> lockById(@Param("id") UUID id);

  /** Removes a file row; its chunks and replicas go with it (ON DELETE CASCADE). */
  @Modifying
  @Query("delete from BlobFile f where f.id = :id")
  int deleteRow(@Param("id") UUID id);
}
