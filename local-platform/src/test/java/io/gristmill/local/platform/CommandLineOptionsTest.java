package io.gristmill.local.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gristmill.local.platform.CommandLineOptions.Option;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineOptionsTest {

  private static final Set<String> FLAGS = Set.of("--detach");
  private static final Set<String> VALUED = Set.of("--size", "--runs");

  @Test
  void anOptionTakesItsValueEitherAfterAnEqualsSignOrAsTheNextArgument() {
    assertThat(CommandLineOptions.read(new String[] {"up", "--size=1GiB", "--runs", "3", "a.txt", "--detach"}, 1,
        FLAGS, VALUED, "")).containsExactly(new Option("--size", "1GiB"), new Option("--runs", "3"),
            new Option(null, "a.txt"), new Option("--detach", null));
  }

  @Test
  void aFlagGivenAValueIsRefusedLikeAnUnknownOption() {
    assertThatThrownBy(() -> CommandLineOptions.read(new String[] {"--detach=yes"}, 0, FLAGS, VALUED, "; see help"))
        .hasMessage("unknown option --detach=yes; see help");
  }

  @Test
  void aValueThatIsNotAWholeNumberIsReportedWithItsOption() {
    Option runs = CommandLineOptions.read(new String[] {"--runs", "x3"}, 0, FLAGS, VALUED, "").get(0);

    assertThatThrownBy(runs::integer).hasMessage("--runs takes a whole number, not 'x3'");
  }
}
