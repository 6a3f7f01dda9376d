package io.gristmill.local.platform;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One process of the local platform and how to start it. The ports stay the same across restarts, because the
 * other processes were told them.
 *
 * @param name unique name, e.g. {@code storage-2}; also the name of its log file
 * @param httpPort actuator (and for the gateway the REST API) port
 * @param grpcPort gRPC port, or 0 for a process that serves none
 * @param dataDir the process's own data directory, or null
 * @param environment variables added to the launcher's own, for secrets that must not show on a command line
 *     (which every local user can read); never written to cluster.json
 */
public record ProcessSpec(String name, Role role, List<String> command, int httpPort, int grpcPort, Path dataDir,
    Map<String, String> environment) {

  public ProcessSpec {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }
}
