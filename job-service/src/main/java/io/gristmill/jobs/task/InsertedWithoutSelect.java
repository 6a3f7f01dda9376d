package io.gristmill.jobs.task;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;
import java.util.UUID;
import org.springframework.data.domain.Persistable;

/**
 * An entity whose id is assigned before it is saved. Spring Data's save treats such an entity as existing and
 * selects it first to merge; one that says it is new until its row is loaded or stored is inserted at once, which
 * saves a round trip per task of a submitted job and per claimed attempt.
 */
@MappedSuperclass
abstract class InsertedWithoutSelect implements Persistable<UUID> {

  @Transient
  private boolean isNew = true;

  @PostLoad
  @PostPersist
  void stored() {
    isNew = false;
  }

  @Override
  public boolean isNew() {
    return isNew;
  }
}
