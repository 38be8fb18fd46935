package sentinel.streams;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import sentinel.common.config.ConfigSource;
import sentinel.common.contract.AccountDecision;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.common.json.JsonSerde;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.geo.CountryLookup;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.model.Alert;
import sentinel.streams.topics.Topics;

/**
 * The real topology in a {@link TopologyTestDriver}, with its topics and meters, for one test.
 * Public for the fault tests in {@code sentinel.streams.faults}.
 */
public final class TopologyFixture implements AutoCloseable {
  static final Instant EPOCH = Instant.parse("2026-11-24T12:00:00Z");

  public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final MonitorConfig config;
  public final TopologyTestDriver driver;
  public final TestInputTopic<String, byte[]> raw;
  public final TestOutputTopic<String, Alert> alerts;
  final TestOutputTopic<String, AccountDecision> decisions;
  public final TestOutputTopic<String, String> deadLetters;
  private final JsonSerde<RawLineEnvelope> envelopes = new JsonSerde<>(RawLineEnvelope.class);

  public TopologyFixture(Map<String, String> settings) {
    this(settings, CountryLookup.none());
  }

  /** With a given GeoIP lookup (a test database), instead of none. */
  TopologyFixture(Map<String, String> settings, CountryLookup geo) {
    Map<String, String> all = new java.util.HashMap<>(Map.of("parse.timezone", "UTC"));
    all.putAll(settings);
    config = MonitorConfig.from(new ConfigSource(all, Map.of(), Map.of()));
    Topics topics = Topics.from(config.topics());
    SentinelMeters meters = new SentinelMeters(registry, Clock.fixed(EPOCH, ZoneOffset.UTC), 5);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
    // A private state dir: drivers in parallel test JVMs must not share RocksDB locks.
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir().toString());
    driver = new TopologyTestDriver(SentinelTopology.build(config, topics, meters, geo), props, EPOCH);
    raw = driver.createInputTopic(topics.raw().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    alerts = driver.createOutputTopic(topics.alerts().name(), Serdes.String().deserializer(), topics.alerts().valueSerde().deserializer());
    decisions = driver.createOutputTopic(topics.accountStatus().name(), Serdes.String().deserializer(),
        topics.accountStatus().valueSerde().deserializer());
    deadLetters = driver.createOutputTopic(topics.deadLetter().name(), Serdes.String().deserializer(), Serdes.String().deserializer());
  }

  private static java.nio.file.Path stateDir() {
    try {
      return java.nio.file.Files.createTempDirectory("topology-test");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Pipes a plain text line, as rsyslog's omkafka would send it. */
  public void plain(String host, String line, Instant readAt) {
    raw.pipeInput(host, line.getBytes(StandardCharsets.UTF_8), readAt);
  }

  /** Pipes a line in the shipper's envelope. */
  void shipped(String host, String fileId, long offset, String line, Instant readAt) {
    raw.pipeInput(host, envelopes.serializer().serialize("mta.raw",
        new RawLineEnvelope(host, "/var/log/mail.log", fileId, offset, readAt, line)), readAt);
  }

  public double counter(String name, String... tags) {
    var search = registry.find(name).tags(tags);
    return search.counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
  }

  @Override
  public void close() {
    driver.close();
  }
}
