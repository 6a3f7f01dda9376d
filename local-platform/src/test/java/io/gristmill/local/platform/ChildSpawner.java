package io.gristmill.local.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in launcher for {@link ParentDeathSignalTest}, run as its own JVM: starts {@code sleep} as a managed
 * process from a thread that then ends, waits until the kernel has reaped that thread, prints the child's pid and
 * blocks until its stdin closes or it is killed.
 */
public final class ChildSpawner {

  private ChildSpawner() {}

  public static void main(String[] args) throws Exception {
    Path log = Files.createTempFile("child-spawner", ".log");
    ManagedProcess child = new ManagedProcess(
        new ProcessSpec("child", Role.WORKER, List.of("sleep", "600"), 0, 0, null, Map.of()), log);
    AtomicReference<String> starterTask = new AtomicReference<>();
    Thread starter = new Thread(() -> {
      starterTask.set(readLink(Path.of("/proc/thread-self")));
      child.start();
    });
    starter.start();
    starter.join();
    // Thread.join returns when the Java thread is done, a moment before its kernel task exits; a parent-death
    // signal tied to that task would fire then.
    Path task = Path.of("/proc", starterTask.get());
    while (Files.exists(task)) {
      Thread.onSpinWait();
    }
    System.out.println(child.pid());
    System.out.flush();
    System.in.read();
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
