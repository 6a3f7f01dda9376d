package io.gristmill.storage.node;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface NodeRepository extends JpaRepository<StorageNode, String> {

  List<StorageNode> findByStateIn(List<NodeState> states);
}
