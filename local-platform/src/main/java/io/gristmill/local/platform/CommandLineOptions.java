package io.gristmill.local.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a command line the way every {@code bin/gristmill} command takes it: {@code --name value} or
 * {@code --name=value}, flags that take no value, and positional arguments.
 */
public final class CommandLineOptions {

  /** One option with its value (null for a flag), or a positional argument (null name). */
  public record Option(String name, String value) {

    public boolean positional() {
      return name == null;
    }

    /** The value as a whole number, or an error naming the option. */
    public int integer() {
      try {
        return Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " takes a whole number, not '" + value + "'");
      }
    }
  }

  private CommandLineOptions() {}

  /**
   * The options and positional arguments of {@code args} from index {@code from} on, in order.
   *
   * @param flags the options that take no value
   * @param valued the options that take one
   * @param unknownHint appended to the error for an option in neither set
   */
  public static List<Option> read(String[] args, int from, Set<String> flags, Set<String> valued,
      String unknownHint) {
    List<Option> options = new ArrayList<>();
    for (int i = from; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        options.add(new Option(null, arg));
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq > 0 ? arg.substring(0, eq) : arg;
      String value = eq > 0 ? arg.substring(eq + 1) : null;
      if (flags.contains(name) && value == null) {
        options.add(new Option(name, null));
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
          }
          value = args[++i];
        }
        options.add(new Option(name, value));
      } else {
        throw new IllegalArgumentException("unknown option " + arg + unknownHint);
      }
    }
    return options;
  }
}
