package sentinel.streams.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import sentinel.common.contract.AccountDecision;
import sentinel.streams.SentinelTopology;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.detect.SubjectState;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.model.AccountEvent;
import sentinel.streams.model.AccountEventSerde;
import sentinel.streams.model.Alert;
import sentinel.streams.topics.Topics;

/**
 * The monitor's own {@link SentinelTopology} run in-process by Kafka Streams'
 * {@link TopologyTestDriver}: no broker, one task, event time from the log. The report reads the
 * topology's outputs (alerts, decisions, dead letters) and, as a read-only tap, its {@code
 * account-events} repartition topic, which carries every account event; the production topology is
 * not changed for the replay.
 *
 * <p>Replay-only settings, none of which changes what the topology computes: the stores write no
 * changelogs ({@code monitor.state.changelog=false} from {@link Replay#STATE_DEFAULTS}; nothing is ever
 * restored), task idling is off (the driver has no fetch lag to wait for), and Kafka's byte cache is
 * empty (the driver commits after every record). With in-memory stores and no changelogs the object
 * caches in front of the stores keep changed values across those commits instead of writing them
 * through at each one ({@code ObjectCachingStore.Flush.ON_EVICTION}).
 *
 * <p>The driver keeps every record any sink produced until it is read, so each batch drains all
 * produced topics: a gigabyte of log must not become a gigabyte of heap.
 */
final class ReplayDriver implements AutoCloseable {
  private final TopologyTestDriver driver;
  private final Path stateDir;
  private final TestInputTopic<String, byte[]> raw;
  /** Null when the driver commits after every record. */
  private final CommitPerBatchPipe perBatch;
  private final TestOutputTopic<String, Alert> alerts;
  private final TestOutputTopic<String, AccountDecision> decisions;
  private final TestOutputTopic<String, String> deadLetters;
  private final TestOutputTopic<byte[], byte[]> accountEvents;
  private final String accountEventsTopic;
  private final Map<String, TestOutputTopic<byte[], byte[]>> others = new HashMap<>();
  private final List<String> ownTopics;

  ReplayDriver(MonitorConfig config, SentinelMeters meters, Path stateParent, Instant start) {
    this(config, meters, stateParent, start, Commits.PER_BATCH);
  }

  /** When the driver commits: after every record as {@code TopologyTestDriver} does, or once per piped batch. */
  enum Commits { PER_RECORD, PER_BATCH }

  ReplayDriver(MonitorConfig config, SentinelMeters meters, Path stateParent, Instant start, Commits commits) {
    Topics topics = Topics.from(config.topics());
    try {
      this.stateDir = Files.createTempDirectory(stateParent, "sentinel-replay-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a state directory for the replay", e);
    }
    Topology topology = SentinelTopology.build(config, topics, meters);
    this.driver = new TopologyTestDriver(topology, properties(stateDir), start);
    this.raw = driver.createInputTopic(topics.raw().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    this.perBatch = commits == Commits.PER_BATCH
        ? CommitPerBatchPipe.attach(driver, topics.raw().name(), Serdes.String().serializer()).orElse(null) : null;
    this.alerts = driver.createOutputTopic(topics.alerts().name(), Serdes.String().deserializer(),
        topics.alerts().valueSerde().deserializer());
    this.decisions = driver.createOutputTopic(topics.accountStatus().name(), Serdes.String().deserializer(),
        topics.accountStatus().valueSerde().deserializer());
    this.deadLetters = driver.createOutputTopic(topics.deadLetter().name(), Serdes.String().deserializer(),
        Serdes.String().deserializer());
    String tap = accountEventsTopicName();
    this.accountEventsTopic = tap;
    // Read as bytes: the report decodes them on its own thread (AccountEventTap).
    this.accountEvents = driver.createOutputTopic(tap, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
    this.ownTopics = List.of(topics.alerts().name(), topics.accountStatus().name(), topics.deadLetter().name(), tap);
  }

  /**
   * The driver's application id, whatever the monitor's: the replay talks to no broker, so the id only
   * names the internal topics. It is short because the driver compiles the repartition topic's name
   * as a regular expression for every line piped in (to check it against pattern sources), and that
   * costs by the character (with the monitor's default id, 44 characters, about 6 % of the replay's thread).
   */
  static final String APPLICATION_ID = "replay";

  /** The internal topic Kafka Streams names for {@link SentinelTopology#ACCOUNT_EVENTS_TOPIC}. */
  static String accountEventsTopicName() {
    return APPLICATION_ID + "-" + SentinelTopology.ACCOUNT_EVENTS_TOPIC + "-repartition";
  }

  private static Properties properties(Path stateDir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    // Never contacted: the driver has no broker.
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay.invalid:9092");
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // The driver commits after every record, which flushes the cache each time: a cache only costs here.
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
    // The driver has no fetch lag to wait for: with idling on (0 ms), every record that finds the
    // other input partition empty takes the "enforced processing" path, which formats a log
    // message eagerly (a twentieth of the replay's time). Disabled, the task processes at once, as it
    // did anyway.
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, String.valueOf(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
    return p;
  }

  /** Pipes lines with their timestamps set; the driver commits after the batch (or after every record). */
  void pipe(List<TestRecord<String, byte[]>> batch) {
    if (perBatch != null) {
      perBatch.pipe(batch);
    } else {
      raw.pipeRecordList(batch);
    }
  }

  /** Whether the driver commits once per batch (its internals were as expected). */
  boolean commitsPerBatch() {
    return perBatch != null;
  }

  /** The account events written since the last call, serialized as on the repartition topic. */
  List<byte[]> drainAccountEvents() {
    return accountEvents.readValuesToList();
  }

  /** The repartition topic's name, which the deserializer is told. */
  String accountEventsTopic() {
    return accountEventsTopic;
  }

  /** Reads what {@link #drainAccountEvents} returns: the value serde the topology writes the topic with. */
  static Deserializer<AccountEvent> accountEventDeserializer() {
    return new AccountEventSerde().deserializer();
  }

  List<Alert> drainAlerts() {
    return alerts.readValuesToList();
  }

  List<AccountDecision> drainDecisions() {
    return decisions.readValuesToList();
  }

  List<String> drainDeadLetters() {
    return deadLetters.readValuesToList();
  }

  /** Drops what the topology wrote to topics the report does not read (changelogs). */
  void discardOtherOutputs() {
    for (String topic : driver.producedTopicNames()) {
      if (!ownTopics.contains(topic)) {
        TestOutputTopic<byte[], byte[]> out = others.computeIfAbsent(topic,
            t -> driver.createOutputTopic(t, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()));
        while (!out.isEmpty()) {
          out.readRecord();
        }
      }
    }
  }

  /** The topics the topology wrote to so far. */
  java.util.Set<String> producedTopics() {
    return driver.producedTopicNames();
  }

  KeyValueStore<String, SubjectState> subjectStates() {
    return driver.getKeyValueStore(SentinelTopology.SUBJECT_STATE_STORE);
  }

  @Override
  public void close() {
    driver.close();
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless; the report is what matters.
    }
  }
}
