package io.gristmill.local.platform;

/**
 * A process that stands in for a service in {@link LeftoverProcessesTest}: prints one dot once it is set up and
 * then waits to be stopped; with {@code --ignore-sigterm} only SIGKILL stops it.
 */
public final class IdleService {

  private IdleService() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--ignore-sigterm")) {
      sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> { });
    }
    System.out.print('.');
    System.out.flush();
    new java.util.concurrent.CountDownLatch(1).await();
  }
}
