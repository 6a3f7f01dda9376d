package io.gristmill.storage.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.storage.StorageProperties;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.grpc.client.ChannelBuilderOptions;
import org.springframework.grpc.client.GrpcChannelFactory;

class PeerChannelsTest {

  @TempDir
  Path dataDir;

  private final List<String> created = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @AfterEach
  void closeChannels() {
    channels.forEach(ManagedChannel::shutdownNow);
  }

  @Test
  void callsToThisNodeGoThroughItsInProcessServerAndOthersOverTheNetwork() {
    PeerChannels peers = new PeerChannels(factory(), node("localhost:9001"), server("storage-abc"));

    peers.to("localhost:9001");
    peers.to("localhost:9002");
    peers.to("localhost:9001");

    assertThat(created).containsExactly("in-process:storage-abc", "localhost:9002");
  }

  @Test
  void withoutAnInProcessServerCallsToThisNodeGoOverTheNetwork() {
    PeerChannels peers = new PeerChannels(factory(), node("localhost:9001"), server(null));

    peers.to("localhost:9001");

    assertThat(created).containsExactly("localhost:9001");
  }

  private LocalNode node(String address) {
    StorageProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
        "gristmill.storage.data-dir", dataDir.toString(), "gristmill.storage.node-id", "node-1")))
        .bindOrCreate("gristmill.storage", StorageProperties.class);
    LocalNode node = new LocalNode(properties);
    node.advertise(address);
    return node;
  }

  private static GrpcServerProperties server(String inProcessName) {
    GrpcServerProperties server = new GrpcServerProperties();
    server.getInprocess().setName(inProcessName);
    return server;
  }

  /** Records the targets it is asked for; the channels lead nowhere. */
  private GrpcChannelFactory factory() {
    return new GrpcChannelFactory() {
      @Override
      public boolean supports(String target) {
        return true;
      }

      @Override
      public ManagedChannel createChannel(String target, ChannelBuilderOptions options) {
        created.add(target);
        ManagedChannel channel = InProcessChannelBuilder.forName("nowhere").build();
        channels.add(channel);
        return channel;
      }
    };
  }
}
