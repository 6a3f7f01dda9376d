package io.gristmill.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

  @Test
  void refusesAnUnknownSuiteNamingTheKnownOnes() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = Gristmill.run(new String[] {"bench", "sorting", "--runs", "3"},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("gristmill: unknown benchmark 'sorting'; known: wordcount, storage" + System.lineSeparator());
  }
}
