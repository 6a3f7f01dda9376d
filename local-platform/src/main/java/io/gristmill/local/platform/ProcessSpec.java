package io.gristmill.local.platform;

import java.nio.file.Path;
import java.util.List;

/**
 * One process of the local platform and how to start it. The ports stay the same across restarts, because the
 * other processes were told them.
 *
 * @param name unique name, e.g. {@code storage-2}; also the name of its log file
 * @param httpPort actuator (and for the gateway the REST API) port
 * @param grpcPort gRPC port, or 0 for a process that serves none
 * @param dataDir the process's own data directory, or null
 */
public record ProcessSpec(
    String name, Role role, List<String> command, int httpPort, int grpcPort, Path dataDir) {

  public ProcessSpec {
    command = List.copyOf(command);
  }
}
