package io.gristmill.storage.node;

import org.springframework.data.jpa.repository.JpaRepository;

public interface NodeRepository extends JpaRepository<StorageNode, String> {}
