package sentinel.streams.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.config.ConfigSource;
import sentinel.common.kafka.TopicAdmin;
import sentinel.streams.SentinelTopology;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.detect.SubjectState;
import sentinel.streams.detect.SubjectStateSerde;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.model.AccountEvent;
import sentinel.streams.model.AccountEventSerde;
import sentinel.streams.model.MtaEvent;
import sentinel.streams.topics.Topics;

/**
 * Scale of state: {@code accounts} accounts with an hour of history each (a login, messages in
 * different minutes, a bounce) are fed to the monitor's account-keyed half (straight into its
 * account-events repartition topic, as the host-keyed half would), then: serialized bytes per
 * account in the subject-state store, the store's size on disk, heap after GC, and the time to
 * restore the store from its changelog after a restart with the local state wiped.
 */
public final class StateBench {
  private static final Logger LOG = LoggerFactory.getLogger(StateBench.class);
  private static final Duration TIMEOUT = Duration.ofMinutes(30);
  private static final Instant EPOCH = CorpusSpec.EPOCH;

  /** What one run measured. */
  public record Outcome(long accounts, long events, double storeBytesPerAccount, double diskBytesPerAccount,
      double changelogBytesPerAccount, long heapUsedAfterGc, double feedSeconds, double restoreSeconds, long restoredRecords) {}

  private final BenchKafka kafka;
  private final Path work;
  private final int partitions;

  public StateBench(BenchKafka kafka, Path work, int partitions) {
    this.kafka = kafka;
    this.work = work;
    this.partitions = partitions;
  }

  public Outcome run(int accounts, int messagesPerAccount) throws IOException, InterruptedException {
    String appId = "state-" + Long.toHexString(System.nanoTime());
    Map<String, String> cfg = new HashMap<>();
    cfg.put(ConfigSource.BOOTSTRAP_KEY, kafka.bootstrap());
    cfg.put("topics.raw", "state.mta.raw");
    cfg.put("topics.alerts", "state.alerts");
    cfg.put("topics.account-status", "state.account-status");
    cfg.put("topics.dlq", "state.dlq");
    cfg.put("topics.partitions", String.valueOf(partitions));
    cfg.put("parse.timezone", "UTC");
    MonitorConfig config = MonitorConfig.from(new ConfigSource(cfg, Map.of(), Map.of()));
    TopicAdmin.ensureTopics(kafka.clientProps(), config.topics());
    String repartition = appId + "-" + SentinelTopology.ACCOUNT_EVENTS_TOPIC + "-repartition";
    // As Streams creates it: no time-based retention (the events carry log time, which may be old).
    kafka.createTopic(repartition, partitions, Map.of("retention.ms", "-1"));
    long events = feed(repartition, accounts, messagesPerAccount);

    Path stateDir = work.resolve("state-" + appId);
    KafkaStreams first = new KafkaStreams(topology(config), props(appId, stateDir));
    long feedStart = System.nanoTime();
    first.start();
    awaitCommitted(appId, repartition, events, first);
    double feedSeconds = (System.nanoTime() - feedStart) / 1e9;
    double storeBytes = storeBytes(first) / accounts;
    long heap = heapAfterGc();
    LOG.info("First pass done in {} s: {} B per account in the store", (long) feedSeconds, (long) storeBytes);
    close(first);
    double diskBytes = (double) directoryBytes(stateDir) / accounts;
    double changelogBytes = (double) kafka.topicBytes(appId + "-" + SentinelTopology.SUBJECT_STATE_STORE + "-changelog") / accounts;
    first.cleanUp(); // wipe local state: the restart must restore from the changelog

    KafkaStreams second = new KafkaStreams(topology(config), props(appId, stateDir));
    AtomicLong restored = new AtomicLong();
    CountDownLatch running = new CountDownLatch(1);
    second.setGlobalStateRestoreListener(new Restores(restored));
    second.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
    });
    long restoreStart = System.nanoTime();
    second.start();
    if (!running.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("restore did not finish within " + TIMEOUT);
    }
    double restoreSeconds = (System.nanoTime() - restoreStart) / 1e9;
    LOG.info("Restored {} records in {} s", restored.get(), restoreSeconds);
    close(second);
    second.cleanUp();
    return new Outcome(accounts, events, storeBytes, diskBytes, changelogBytes, heap, feedSeconds, restoreSeconds, restored.get());
  }

  /** Leaves the group on close, so the restarted instance gets the partitions at once (not after the session timeout). */
  private static void close(KafkaStreams streams) {
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(60)));
  }

  private org.apache.kafka.streams.Topology topology(MonitorConfig config) {
    SentinelMeters meters = new SentinelMeters(new SimpleMeterRegistry(), Clock.systemUTC(), config.topAccounts());
    return SentinelTopology.build(config, Topics.from(config.topics()), meters);
  }

  private Properties props(String appId, Path stateDir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return p;
  }

  /**
   * Each account: a login, {@code messages} messages in different minutes of the past hour (1-3
   * recipients) and one bounced recipient; keyed by account, as the correlator emits them.
   */
  private long feed(String topic, int accounts, int messages) {
    Serde<AccountEvent> serde = new AccountEventSerde();
    Map<String, Object> p = new HashMap<>(kafka.clientProps());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    long events = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
        Serdes.ByteArray().serializer())) {
      for (int a = 0; a < accounts; a++) {
        String account = "user" + a + "@customer" + (a % 997) + ".example";
        String ip = BenchCorpus.clientIp(a);
        String host = BenchCorpus.hostName(a % 6);
        Instant login = EPOCH.plusSeconds(a % 600);
        events += send(producer, serde, topic, account, new AccountEvent.Login(account, host, ip, login, login));
        for (int m = 0; m < messages; m++) {
          Instant t = login.plusSeconds(60L * (m * 7 % 50) + 5);
          events += send(producer, serde, topic, account,
              new AccountEvent.MessageSubmitted(account, host, "Q" + a + "M" + m, ip, account, 1 + (a + m) % 3, t, t));
        }
        Instant b = login.plusSeconds(300);
        events += send(producer, serde, topic, account,
            new AccountEvent.Delivery(account, host, MtaEvent.Outcome.BOUNCED, "5.1.1", b, b));
      }
      producer.flush();
    }
    LOG.info("Fed {} account events for {} accounts", events, accounts);
    return events;
  }

  private static int send(KafkaProducer<String, byte[]> producer, Serde<AccountEvent> serde, String topic, String key, AccountEvent e) {
    producer.send(new ProducerRecord<>(topic, key, serde.serializer().serialize(topic, e)));
    return 1;
  }

  private void awaitCommitted(String appId, String topic, long target, KafkaStreams streams) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (kafka.committed(appId, topic) < target) {
      if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
        throw new IllegalStateException("the monitor did not process all " + target + " events (state " + streams.state() + ")");
      }
      Thread.sleep(200);
    }
  }

  /** Sum of serialized key and value bytes in the subject-state store: what one account costs. */
  private static double storeBytes(KafkaStreams streams) {
    ReadOnlyKeyValueStore<String, SubjectState> store = streams.store(StoreQueryParameters.fromNameAndType(
        SentinelTopology.SUBJECT_STATE_STORE, QueryableStoreTypes.keyValueStore()));
    Serde<SubjectState> serde = new SubjectStateSerde(); // the store's own serde
    long bytes = 0;
    try (KeyValueIterator<String, SubjectState> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, SubjectState> kv = it.next();
        bytes += kv.key.length() + serde.serializer().serialize("", kv.value).length;
      }
    }
    return bytes;
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long directoryBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  /** Counts restored records of every store. */
  private record Restores(AtomicLong restored) implements StateRestoreListener {
    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
      LOG.info("Restoring {} {} from offset {} to {}", store, partition, startOffset, endOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
      restored.addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {}
  }
}
