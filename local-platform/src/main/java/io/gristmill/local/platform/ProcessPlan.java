package io.gristmill.local.platform;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides the processes of a local platform: their names, ports, data directories and command lines. Kept for the
 * platform's lifetime, since workers are added while it runs.
 */
final class ProcessPlan {

  /** Every other service starts small: its work is small requests, for which the heap grows soon enough. */
  private static final String INITIAL_HEAP = "32m";
  /** The most a worker's heap starts with (see {@link #workerInitialHeap}). */
  static final long WORKER_INITIAL_HEAP_CAP = 256L << 20;
  private static final int IDLE_CONNECTIONS = 2;
  /** G1's region size: large enough that a 1 MiB message is not a humongous object (see {@link #command}). */
  private static final String REGION_SIZE = "4m";
  /** An idle service (no collection for this long) runs one, which returns unused heap to the system. */
  private static final Duration IDLE_GC_INTERVAL = Duration.ofMinutes(1);

  private final PlatformOptions options;
  private final StateDir stateDir;
  private final ServiceJars jars;
  private final EmbeddedDatabase database;
  private final AdminToken token;
  private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  /**
   * Added to every service's environment. The services authenticate each other with the secret, new at every start
   * of the platform. glibc gives each thread that allocates natively an arena of its own, up to 8 per core, each
   * touching memory it keeps; two arenas serve a JVM (which allocates its objects in its own heap) as well.
   */
  private final Map<String, String> environment = Map.of("GRISTMILL_INTERNAL_AUTH_TOKEN", newSecret(),
      "MALLOC_ARENA_MAX", "2");
  /** Known once {@link #processes()} has run: what a worker added later is told. */
  private String storageList;
  private int jobGrpc;
  /** Workers are numbered in the order they were made; a retired worker's name is never reused. */
  private int workersMade;

  ProcessPlan(PlatformOptions options, StateDir stateDir, ServiceJars jars, EmbeddedDatabase database,
      AdminToken token) {
    this.options = options;
    this.stateDir = stateDir;
    this.jars = jars;
    this.database = database;
    this.token = token;
  }

  List<ManagedProcess> processes() {
    List<ProcessSpec> specs = new ArrayList<>();
    List<String> storageAddresses = new ArrayList<>();
    for (int i = 1; i <= options.storageNodes(); i++) {
      String name = "storage-" + i;
      int http = FreePorts.pick();
      int grpc = FreePorts.pick();
      storageAddresses.add("127.0.0.1:" + grpc);
      Path data = stateDir.dataDir(name);
      List<String> args = database();
      // Keyed so that a caller's setting replaces the launcher's: Spring joins a repeated option into a list.
      Map<String, String> storage = new LinkedHashMap<>();
      storage.put("node-id", name);
      storage.put("data-dir", data.toString());
      storage.put("advertised-address", "127.0.0.1:" + grpc);
      storage.put("zone", "local");
      storage.put("default-chunk-size", options.chunkSize() + "B");
      storage.put("default-replication", String.valueOf(Math.min(3, options.storageNodes())));
      storage.putAll(options.storageSettings());
      storage.forEach((key, value) -> args.add("--gristmill.storage." + key + "=" + value));
      specs.add(new ProcessSpec(name, Role.STORAGE, command("storage-service", "384m", http, grpc, args), http,
          grpc, data, environment));
    }
    storageList = String.join(",", storageAddresses);

    int jobHttp = FreePorts.pick();
    jobGrpc = FreePorts.pick();
    List<String> jobArgs = database();
    Map<String, String> jobs = new LinkedHashMap<>();
    jobs.put("storage-addresses", storageList);
    jobs.putAll(options.jobSettings());
    jobs.forEach((key, value) -> jobArgs.add("--gristmill.jobs." + key + "=" + value));
    specs.add(new ProcessSpec("job-service", Role.JOB_SERVICE,
        command("job-service", "384m", jobHttp, jobGrpc, jobArgs), jobHttp, jobGrpc, null, environment));

    for (int i = 1; i <= options.workers(); i++) {
      specs.add(nextWorker());
    }

    int gatewayPort = options.gatewayPort() == 0 ? FreePorts.pick() : options.gatewayPort();
    // The gateway keeps its API tokens in the same database, schema "gateway".
    List<String> gatewayArgs = database();
    gatewayArgs.addAll(List.of(
        "--gristmill.gateway.job-service-address=127.0.0.1:" + jobGrpc,
        "--gristmill.gateway.storage-addresses=" + storageList,
        "--gristmill.gateway.security.admin-token-sha256=" + token.sha256()));
    specs.add(new ProcessSpec("gateway", Role.GATEWAY, command("gateway-service", "384m", gatewayPort, 0,
        gatewayArgs), gatewayPort, 0, null, environment));

    return specs.stream().map(this::managed).toList();
  }

  /** One more worker, named after the last one made, on new ports; not started yet. */
  synchronized ManagedProcess worker() {
    if (storageList == null) {
      throw new IllegalStateException("the platform's processes are not planned yet");
    }
    return managed(nextWorker());
  }

  private ManagedProcess managed(ProcessSpec spec) {
    return new ManagedProcess(spec, stateDir.log(spec.name()));
  }

  private ProcessSpec nextWorker() {
    String name = "worker-" + ++workersMade;
    int http = FreePorts.pick();
    int grpc = FreePorts.pick();
    Path work = stateDir.dataDir(name);
    Map<String, String> worker = new LinkedHashMap<>();
    worker.put("job-service-address", "127.0.0.1:" + jobGrpc);
    worker.put("storage-addresses", storageList);
    worker.put("slots", String.valueOf(options.workerSlots()));
    worker.put("work-dir", work.toString());
    worker.put("advertised-host", "127.0.0.1");
    if (options.workerSortBuffer() > 0) {
      worker.put("engine.sort-buffer", options.workerSortBuffer() + "B");
    }
    worker.putAll(options.workerSettings());
    List<String> workerArgs = new ArrayList<>();
    worker.forEach((key, value) -> workerArgs.add("--gristmill.worker." + key + "=" + value));
    return new ProcessSpec(name, Role.WORKER, command("worker-service", workerInitialHeap(options.workerHeap()),
        (options.workerHeap() >> 20) + "m", http, grpc, workerArgs), http, grpc, work, environment);
  }

  /**
   * On every service's command line: what tells a leftover of this platform from a process that later got its pid
   * ({@link LeftoverProcesses}).
   */
  static String stateDirProperty(StateDir stateDir) {
    return "-Dgristmill.local.state-dir=" + stateDir.root();
  }

  private static String newSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private List<String> database() {
    List<String> args = new ArrayList<>();
    args.add("--spring.datasource.url=" + database.jdbcUrl());
    args.add("--spring.datasource.username=" + EmbeddedDatabase.USER);
    args.add("--spring.datasource.password=" + EmbeddedDatabase.USER);
    // Hikari opens its whole pool (10) at start by default: 50 PostgreSQL backends for an idle platform, each a
    // process with its own memory, opened while the services start. The pool still grows to 10 under load.
    args.add("--spring.datasource.hikari.minimum-idle=" + IDLE_CONNECTIONS);
    return args;
  }

  /**
   * The heap a worker's JVM starts with ({@code -Xms}): its whole heap, up to {@link #WORKER_INITIAL_HEAP_CAP}.
   * Started at 32 MiB like the other services, a fresh worker's first two word counts of the 1 GiB benchmark corpus
   * (256 MiB heap) ran with an eden of 16-24 MiB: 53-67 and 35-65 young collections each, against 5-8 once G1 had
   * grown the heap, and up to ten concurrent cycles; each map's word table and sort buffer, alive for the whole map,
   * were promoted and the old generation swelled to 176 MiB. G1 grew the working worker's heap to its maximum by
   * the third job anyway, so this only skips that climb. The idle worker keeps what its start-up touched (PSS
   * 159-166 MiB started at 32 MiB, 166-175 MiB started at 256 MiB); the cap keeps a large heap from lending start-up
   * a young generation of hundreds of MiB to touch.
   */
  static String workerInitialHeap(long maxHeapBytes) {
    return (Math.min(maxHeapBytes, WORKER_INITIAL_HEAP_CAP) >> 20) + "m";
  }

  private List<String> command(String module, String heap, int httpPort, int grpcPort, List<String> args) {
    return command(module, INITIAL_HEAP, heap, httpPort, grpcPort, args);
  }

  private List<String> command(String module, String initialHeap, String heap, int httpPort, int grpcPort,
      List<String> args) {
    FastStart.Launch prepared = FastStart.prepare(jars, module);
    FastStart.Launch launch = prepared.archived() ? prepared : FastStart.train(prepared,
        training -> command(prepared.jar(), training, initialHeap, heap, httpPort, grpcPort, args), environment,
        stateDir.log(module + "-cds-training"));
    return command(launch.jar(), launch.jvmOptions(), initialHeap, heap, httpPort, grpcPort, args);
  }

  private List<String> command(Path jar, List<String> jvmOptions, String initialHeap, String heap, int httpPort,
      int grpcPort, List<String> args) {
    // The JVM's initial heap is 1/64 of the machine's memory (376 MiB on 24 GiB), as large as the cap: a service then
    // keeps every page its start-up touched. Starting small, the heap grows only as far as the work needs, and an idle
    // service gives memory back at its periodic collection (a worker, whose jobs need the whole heap, starts with it:
    // see workerInitialHeap). G1 sizes regions by the heap: 1 MiB for these heaps, where every 1 MiB transfer message
    // (storage, gateway, a worker's split reads) is a humongous object, allocated outside the young generation and
    // collected only by concurrent marking (5-8% of every process's CPU in the upload profile). At 4 MiB such a
    // message is an ordinary young object.
    List<String> cmd = new ArrayList<>(List.of(java, "-Xms" + initialHeap, "-Xmx" + heap,
        "-XX:G1HeapRegionSize=" + REGION_SIZE, "-XX:G1PeriodicGCInterval=" + IDLE_GC_INTERVAL.toMillis(),
        "-XX:+ExitOnOutOfMemoryError",
        "-Dgristmill.local=true", stateDirProperty(stateDir)));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-jar", jar.toString(), "--server.port=" + httpPort, "--server.address=127.0.0.1"));
    if (grpcPort > 0) {
      cmd.add("--spring.grpc.server.port=" + grpcPort);
      cmd.add("--spring.grpc.server.address=127.0.0.1");
    }
    cmd.addAll(args);
    return cmd;
  }
}
