package io.gristmill.gateway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import io.gristmill.testsupport.postgres.FreshDatabaseInitializer;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole gateway on a random HTTP port, wired to in-process fakes of the job service and a storage node.
 * Every suite uses exactly this configuration, so they all share one Spring context and one real PostgreSQL
 * database (API tokens). The bootstrap admin token is {@link GatewayClient#TOKEN}. Tomcat swallows large refused bodies so clients read the 413 cleanly.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "gristmill.gateway.job-service-address=in-process:gateway-test-jobs",
    "gristmill.gateway.storage-addresses=in-process:gateway-test-storage",
    "gristmill.gateway.max-upload-size=24MB",
    "gristmill.gateway.max-artifact-size=1MB",
    "gristmill.gateway.security.admin-token-sha256=17d6bfe05d1b1fb7bc499f8e3f639c7b3eda4c40f321eef8887a0c04c89a99c5",
    "gristmill.gateway.security.failure-limit=5",
    "gristmill.gateway.limits.max-request-body=64KB",
    "gristmill.gateway.limits.max-page-size=20",
    "gristmill.gateway.limits.default-page-size=10",
    "gristmill.gateway.limits.max-inputs=3",
    "gristmill.gateway.limits.max-reducers=8",
    "gristmill.gateway.limits.max-params=2",
    "gristmill.gateway.events.poll-interval=50ms",
    "spring.security.oauth2.resourceserver.jwt.public-key-location=classpath:jwt/test-public.pem",
    "server.tomcat.max-swallow-size=64MB"})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@Import(FakeServices.class)
public @interface GatewayTest {}
