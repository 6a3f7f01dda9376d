package io.gristmill.local.cli;

import java.io.PrintStream;

/** Entry point of {@code bin/gristmill}. Exit codes: 0 done, 1 the work failed, 2 the command line was wrong. */
public final class Gristmill {

  static final String USAGE = """
      Usage: bin/gristmill COMMAND [OPTIONS]

      Commands:
        up                 start the local platform and stay in the foreground until Ctrl-C
        up --detach        start it in the background and return once it is ready
        down               stop a platform started with --detach
        status             show the processes of a running platform
        wordcount FILE...  count words in FILEs through the platform (a running one, or one started for
                           the duration of the command) and print the 20 most frequent words
        bench [--size SIZE] [--runs N] [--corpus-dir DIR] [--profile]
                           benchmark the platform against plain single-JVM references on a generated
                           corpus (default 1GiB) and print the table; 'bench --help' for more
        bench storage      upload and download a file of --size bytes through a platform started for the
                           run, next to a plain copy and read of the same bytes on the same disk
        help               show this text

      Options:
        --storage-nodes N  storage-service processes (default 3)
        --workers N        worker processes (default 2; with autoscaling, at start: default --min-workers)
        --min-workers N    autoscale: fewest workers (default --workers)
        --max-workers N    autoscale: most workers (default --workers); the platform starts workers while
                           tasks wait and retires idle ones after the cool-down
        --scale-cooldown D time without backlog before idle workers are retired: 500ms, 30s, 2m (default 30s)
        --worker-slots N   tasks each worker runs at once (default: number of cores)
        --worker-heap SIZE each worker's maximum heap, whole MiB: 256MiB, 1GiB... (default 1GiB)
        --chunk-size SIZE  blob store chunk size: bytes or 64KiB, 1MiB, 64MiB... (default 64MiB)
        --port P           gateway HTTP port (default 8080; 0 picks a free one)
        --state-dir DIR    data, logs, token and cluster.json (default .gristmill)
        --reducers R       reduce tasks of a wordcount job (default 3)
        --size SIZE        bytes the storage benchmark moves: 256MiB, 1GiB... (default 256MiB)
      """;

  private Gristmill() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    boolean storageBench = args.length > 1 && args[0].equals("bench") && args[1].equals("storage");
    if (args.length > 0 && args[0].equals("bench") && !storageBench) {
      // The suites parse their own options.
      try {
        return BenchCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length));
      } catch (IllegalArgumentException e) {
        err.println("gristmill: " + e.getMessage());
        return 2;
      } catch (Exception e) {
        err.println("gristmill: " + e.getMessage());
        return 1;
      }
    }
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("gristmill: " + e.getMessage());
      return 2;
    }
    try {
      return switch (arguments.command()) {
        case "up" -> new UpCommand(arguments, out, err).run();
        case "down" -> new DownCommand(arguments, out).run();
        case "status" -> new StatusCommand(arguments, out).run();
        case "wordcount" -> new WordCountCommand(arguments, out, err).run();
        case "bench" -> new StorageBenchCommand(arguments, out, err).run();
        case "help", "--help", "-h" -> {
          out.print(USAGE);
          yield 0;
        }
        default -> {
          err.println("gristmill: unknown command '" + arguments.command() + "'\n");
          err.print(USAGE);
          yield 2;
        }
      };
    } catch (IllegalArgumentException e) {
      err.println("gristmill: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("gristmill: " + e.getMessage());
      return 1;
    }
  }
}
