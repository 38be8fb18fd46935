package sentinel.common.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running in this JVM.
 *
 * <p>This is the broker behind {@code ./sentinel broker}, the demo and the integration tests: the
 * same server classes a production cluster runs, bound to 127.0.0.1 only, with the
 * replication-factor-1 settings a single node needs (without them consumer groups and transactions,
 * and so Kafka Streams with exactly_once_v2, wait forever).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final int NODE_ID = 1;

  private final Path logDir;
  private final int brokerPort;
  private final KafkaRaftServer server;

  private EmbeddedKafkaBroker(Path logDir, int brokerPort, KafkaRaftServer server) {
    this.logDir = logDir;
    this.brokerPort = brokerPort;
    this.server = server;
  }

  /** Formats {@code logDir} if it is empty and starts the broker; returns once it accepts clients. */
  public static EmbeddedKafkaBroker start(Path logDir, int brokerPort, int defaultPartitions) {
    try {
      Files.createDirectories(logDir);
      int port = brokerPort == 0 ? freePort() : brokerPort;
      int controllerPort = freePort();
      Properties props = serverProperties(logDir, port, controllerPort, defaultPartitions);
      format(logDir, controllerPort);
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      LOG.info("Embedded Kafka broker listening on 127.0.0.1:{} (log dir {})", port, logDir);
      return new EmbeddedKafkaBroker(logDir, port, server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare broker log dir " + logDir, e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  public Path logDir() {
    return logDir;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    LOG.info("Embedded Kafka broker stopped");
  }

  private static Properties serverProperties(
      Path logDir, int port, int controllerPort, int defaultPartitions) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", String.valueOf(defaultPartitions));
    // A single node cannot hold more than one replica of the internal topics.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    // Local use: first consumer group starts at once instead of waiting 3 s for more members.
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    // Keep the local disk footprint small; this broker is for a laptop or a test, not production.
    p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    return p;
  }

  private static void format(Path logDir, int controllerPort) throws IOException {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    try {
      new Formatter()
          .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setMetadataLogDirectory(logDir.toString())
          .addDirectory(logDir.toString())
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setIgnoreFormatted(true)
          .run();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot format broker log dir " + logDir + ": " + e.getMessage(), e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
