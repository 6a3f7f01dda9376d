package io.gristmill.testsupport.postgres;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at a database of its own: use with
 * {@code @ContextConfiguration(initializers = FreshDatabaseInitializer.class)} on a {@code @SpringBootTest}
 * or {@code @DataJpaTest}. Spring caches contexts, so suites that share a configuration share the database.
 */
public final class FreshDatabaseInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    TestDatabase db = TestDatabases.create("suite");
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("gristmill-test-database",
        Map.of(
            "spring.datasource.url", db.jdbcUrl(),
            "spring.datasource.username", db.username(),
            "spring.datasource.password", db.password())));
  }
}
