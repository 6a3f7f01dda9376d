package io.gristmill.storage.node;

import io.grpc.Channel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.stereotype.Component;

/** One long-lived channel per other node's address; the channel factory closes them at shutdown. */
@Component
public class PeerChannels {

  private final GrpcChannelFactory channelFactory;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();

  PeerChannels(GrpcChannelFactory channelFactory) {
    this.channelFactory = channelFactory;
  }

  /** A channel to the node at {@code address} (host:port). */
  public Channel to(String address) {
    return channels.computeIfAbsent(address, channelFactory::createChannel);
  }
}
