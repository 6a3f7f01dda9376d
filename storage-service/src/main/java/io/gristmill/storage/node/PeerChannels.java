package io.gristmill.storage.node;

import io.grpc.Channel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/**
 * One long-lived channel per other node's address; the channel factory closes them at shutdown. Calls a node makes
 * to itself (it is the first node of most of the pipelines of the uploads it takes) go through its in-process
 * server ({@code spring.grpc.server.inprocess.name}) when it has one: the message objects are handed over as they
 * are, where loopback TCP serialised every byte, copied it through the kernel twice and parsed it again.
 * Interceptors, deadlines and cancellation behave as on the network.
 */
@Component
public class PeerChannels {

  private final GrpcChannelFactory channelFactory;
  private final LocalNode node;
  private final String inProcessTarget;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();

  PeerChannels(GrpcChannelFactory channelFactory, LocalNode node, GrpcServerProperties server) {
    this.channelFactory = channelFactory;
    this.node = node;
    String name = server.getInprocess().getName();
    this.inProcessTarget = name == null || name.isBlank() ? null : "in-process:" + name;
  }

  /** A channel to the node at {@code address} (host:port): in-process when that is this node. */
  public Channel to(String address) {
    String target = inProcessTarget != null && address.equals(node.address()) ? inProcessTarget : address;
    return channels.computeIfAbsent(target, channelFactory::createChannel);
  }
}
