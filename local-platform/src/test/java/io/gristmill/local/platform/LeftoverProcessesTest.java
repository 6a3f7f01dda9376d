package io.gristmill.local.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code up} and {@code down} do with the processes of a platform whose launcher died. */
class LeftoverProcessesTest {

  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir
  Path dir;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killWhatIsLeft() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void theServicesOfADeadLauncherAreStoppedButProcessesOfOtherStateDirectoriesAreNot() throws Exception {
    StateDir stateDir = new StateDir(dir.resolve("state"));
    // A sibling whose path starts with this one's: a prefix match would take its processes for ours.
    StateDir sibling = new StateDir(dir.resolve("state-2"));
    Process ours = idleService(stateDir);
    Process theirs = idleService(sibling);
    Process unrelated = start("sleep", "600");
    writeClusterFile(stateDir, deadPid(), List.of(
        new ClusterFile.Recorded("postgres", "database", unrelated.pid()),
        new ClusterFile.Recorded("storage-1", "storage", ours.pid()),
        new ClusterFile.Recorded("worker-1", "worker", theirs.pid())));

    List<String> stopped = LeftoverProcesses.stop(stateDir, LeftoverProcesses.GRACE);

    assertThat(stopped).containsExactly("storage-1");
    assertThat(ours.isAlive()).isFalse();
    assertThat(theirs.isAlive()).isTrue();
    assertThat(unrelated.isAlive()).isTrue();
    assertThat(stateDir.clusterFile()).doesNotExist();
  }

  @Test
  void aPlatformWhoseLauncherLivesIsLeftAlone() throws Exception {
    StateDir stateDir = new StateDir(dir.resolve("state"));
    Process ours = idleService(stateDir);
    writeClusterFile(stateDir, ProcessHandle.current().pid(),
        List.of(new ClusterFile.Recorded("storage-1", "storage", ours.pid())));

    assertThat(LeftoverProcesses.stop(stateDir, LeftoverProcesses.GRACE)).isEmpty();

    assertThat(ours.isAlive()).isTrue();
    assertThat(stateDir.clusterFile()).exists();
  }

  @Test
  void aLeftoverThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
    StateDir stateDir = new StateDir(dir.resolve("state"));
    Process stubborn = idleService(stateDir, "--ignore-sigterm");
    writeClusterFile(stateDir, deadPid(), List.of(new ClusterFile.Recorded("gateway", "gateway", stubborn.pid())));

    assertThat(LeftoverProcesses.stop(stateDir, java.time.Duration.ofMillis(500))).containsExactly("gateway");

    assertThat(stubborn.isAlive()).isFalse();
  }

  /** A JVM with the state-directory property every service of that platform has on its command line. */
  private Process idleService(StateDir stateDir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(JAVA, ProcessPlan.stateDirProperty(stateDir), "-cp",
        System.getProperty("java.class.path"), IdleService.class.getName()));
    command.addAll(List.of(args));
    Process p = start(command.toArray(String[]::new));
    // It answers once its signal handling is set up, so a SIGTERM cannot arrive before.
    assertThat(p.getInputStream().read()).isEqualTo('.');
    return p;
  }

  private Process start(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    started.add(p);
    return p;
  }

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.pid();
  }

  private static void writeClusterFile(StateDir stateDir, long supervisorPid, List<ClusterFile.Recorded> processes)
      throws Exception {
    StringBuilder json = new StringBuilder("{\"state\":\"running\",\"supervisorPid\":" + supervisorPid
        + ",\"gatewayUrl\":\"http://127.0.0.1:1\",\"tokenFile\":\"token\",\"processes\":[");
    for (int i = 0; i < processes.size(); i++) {
      ClusterFile.Recorded r = processes.get(i);
      json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(r.name()).append("\",\"role\":\"")
          .append(r.role()).append("\",\"pid\":").append(r.pid()).append('}');
    }
    Files.createDirectories(stateDir.root());
    Files.writeString(stateDir.clusterFile(), json.append("]}").toString());
  }
}
