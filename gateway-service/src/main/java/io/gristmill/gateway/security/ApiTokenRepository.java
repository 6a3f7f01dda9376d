package io.gristmill.gateway.security;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApiTokenRepository extends JpaRepository<ApiToken, UUID> {

  Optional<ApiToken> findBySha256(String sha256);

  List<ApiToken> findAllByOrderByCreatedAtDescIdAsc();
}
