package io.gristmill.local.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loopback ports for the platform's processes. */
final class FreePorts {

  /**
   * Ports already handed out by this launcher. A port is only reserved while the probe socket holds it, and the
   * kernel gives a released port out again: a platform's ports are all picked before its processes bind them, so
   * two of them once came out equal (storage-2's gRPC port was worker-1's HTTP port) and a service died on start.
   */
  private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();
  private static final int ATTEMPTS = 1000;

  private FreePorts() {}

  /** A port nobody listens on now and that this launcher never handed out; one process binds it a moment later. */
  static int pick() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = probe();
      if (handedOut.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no loopback port left that this launcher has not handed out already");
  }

  private static int probe() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** Fails clearly when {@code port} is taken, rather than letting a service die on start. */
  static void requireFree(int port, String option) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " is in use; choose another with " + option);
    }
  }
}
