package io.gristmill.local.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports for the platform's processes. */
final class FreePorts {

  private FreePorts() {}

  /** A port nobody listens on now; it is given to one process, which binds it a moment later. */
  static int pick() {
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
