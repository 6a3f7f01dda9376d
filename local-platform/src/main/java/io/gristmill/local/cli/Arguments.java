package io.gristmill.local.cli;

import io.gristmill.local.platform.CommandLineOptions;
import io.gristmill.local.platform.DataSizes;
import io.gristmill.local.platform.Durations;
import io.gristmill.local.platform.PlatformOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The command line: a command, {@code --option value} pairs, flags, and positional arguments (files). */
record Arguments(
    String command, PlatformOptions platform, boolean detach, int reducers, List<String> positional,
    List<String> platformArgs, long benchSize) {

  static final int DEFAULT_REDUCERS = 3;
  static final long DEFAULT_BENCH_SIZE = 256L << 20;
  static final long MAX_BENCH_SIZE = 64L << 30;
  private static final Set<String> VALUED = Set.of("--storage-nodes", "--workers", "--worker-slots",
      "--chunk-size", "--port", "--state-dir", "--reducers", "--size", "--min-workers", "--max-workers",
      "--scale-cooldown", "--worker-heap");

  static Arguments parse(String[] args) {
    if (args.length == 0) {
      return parse(new String[] {"help"});
    }
    String command = args[0];
    int storageNodes = PlatformOptions.DEFAULT_STORAGE_NODES;
    Integer workers = null;
    Integer minWorkers = null;
    Integer maxWorkers = null;
    Duration cooldown = PlatformOptions.DEFAULT_SCALE_COOLDOWN;
    int slots = PlatformOptions.defaultSlots();
    long chunkSize = PlatformOptions.DEFAULT_CHUNK_SIZE;
    long workerHeap = PlatformOptions.DEFAULT_WORKER_HEAP;
    int port = PlatformOptions.DEFAULT_GATEWAY_PORT;
    Path stateDir = Path.of(".gristmill");
    boolean detach = false;
    int reducers = DEFAULT_REDUCERS;
    long benchSize = DEFAULT_BENCH_SIZE;
    List<String> positional = new ArrayList<>();
    List<String> platformArgs = new ArrayList<>();
    for (CommandLineOptions.Option option : CommandLineOptions.read(args, 1, Set.of("--detach"), VALUED,
        "; see 'bin/gristmill help'")) {
      String name = option.name();
      String value = option.value();
      if (option.positional()) {
        positional.add(value);
        continue;
      }
      if (!name.equals("--detach") && !name.equals("--reducers") && !name.equals("--size")) {
        platformArgs.add(name);
        platformArgs.add(value);
      }
      switch (name) {
        case "--detach" -> detach = true;
        case "--storage-nodes" -> storageNodes = option.integer();
        case "--workers" -> workers = option.integer();
        case "--min-workers" -> minWorkers = option.integer();
        case "--max-workers" -> maxWorkers = option.integer();
        case "--scale-cooldown" -> cooldown = Durations.parse(name, value);
        case "--worker-slots" -> slots = option.integer();
        case "--chunk-size" -> chunkSize = DataSizes.parse(value);
        case "--worker-heap" -> workerHeap = DataSizes.parse(value);
        case "--port" -> port = option.integer();
        case "--state-dir" -> stateDir = Path.of(value);
        case "--size" -> benchSize = DataSizes.parse(value);
        default -> reducers = option.integer();
      }
    }
    if (reducers < 1 || reducers > 1000) {
      throw new IllegalArgumentException("--reducers must be between 1 and 1000, was " + reducers);
    }
    if (benchSize < 1 || benchSize > MAX_BENCH_SIZE) {
      throw new IllegalArgumentException("--size must be between 1 byte and 64GiB, was " + benchSize + " bytes");
    }
    // Without bounds the autoscaler is off (both equal --workers); with them, the platform starts at --workers,
    // or at the lower bound when --workers is not given.
    int min = minWorkers != null ? minWorkers : workers != null ? workers : Math.min(PlatformOptions.DEFAULT_WORKERS,
        maxWorkers != null ? maxWorkers : PlatformOptions.DEFAULT_WORKERS);
    int max = maxWorkers != null ? maxWorkers : Math.max(min, workers != null ? workers : min);
    int initial = workers != null ? workers : min;
    PlatformOptions.Autoscaling scaling = new PlatformOptions.Autoscaling(min, max, cooldown);
    PlatformOptions options = new PlatformOptions(storageNodes, initial, slots, chunkSize, port, stateDir)
        .withAutoscaling(scaling).withWorkerHeap(workerHeap);
    return new Arguments(command, options, detach, reducers, List.copyOf(positional), List.copyOf(platformArgs),
        benchSize);
  }
}
