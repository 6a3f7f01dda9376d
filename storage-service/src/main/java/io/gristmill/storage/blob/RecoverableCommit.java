package io.gristmill.storage.blob;

import jakarta.persistence.EntityManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lets the current transaction commit without waiting for its WAL to reach the disk (PostgreSQL's asynchronous
 * commit). Each commit that waits costs a disk flush (5-15 ms on our virtual disks), and an upload used to wait for
 * one per chunk and one to start, besides the one that makes it visible.
 *
 * <p>Only for the steps of an upload before its commit: the file row it starts with and the chunk and replica rows
 * it records. The upload's commit waits for the disk, and PostgreSQL writes its WAL in order, so that flush makes
 * every earlier step durable with it: a file visible to anyone has all its rows on disk. Lost in a database crash
 * before the commit, the steps leave an upload that fails anyway (its node loses its connection): chunk files that no
 * row claims, which the nodes' chunk reports delete once the orphan grace has passed, and no rows to clean.
 */
@Component
class RecoverableCommit {

  private final EntityManager entityManager;

  RecoverableCommit(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** The surrounding transaction commits asynchronously; other transactions are not affected. */
  @Transactional(propagation = Propagation.MANDATORY)
  void forThisTransaction() {
    entityManager.createNativeQuery("SELECT set_config('synchronous_commit', 'off', true)").getSingleResult();
  }
}
