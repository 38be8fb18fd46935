package sentinel.streams;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.kafka.TopicAdmin;
import sentinel.common.metrics.MetricsServer;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.detect.SubjectState;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.topics.Topics;

/** Lifecycle of the monitor: creates topics, starts Kafka Streams and the metrics endpoint, closes both. */
public final class MonitorApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorApp.class);
  private final KafkaStreams streams;
  private final MetricsServer metricsServer;
  private final KafkaStreamsMetrics streamsMetrics;

  private MonitorApp(KafkaStreams streams, MetricsServer metricsServer, KafkaStreamsMetrics streamsMetrics) {
    this.streams = streams;
    this.metricsServer = metricsServer;
    this.streamsMetrics = streamsMetrics;
  }

  public static MonitorApp start(MonitorConfig config, PrometheusMeterRegistry registry, Clock clock) {
    Map<String, Object> clientProps = new HashMap<>(config.kafka());
    TopicAdmin.ensureTopics(clientProps, config.topics());
    SentinelMeters meters = new SentinelMeters(registry, clock, config.topAccounts(), config.accountLabel());
    Topics topics = Topics.from(config.topics());
    KafkaStreams streams = new KafkaStreams(SentinelTopology.build(config, topics, meters), streamsProperties(config));
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("Stream thread failed; replacing it (state is restored from changelogs)", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> LOG.info("Monitor state {} -> {}", before, now));
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    MetricsServer server = MetricsServer.start(config.metrics().bind(), config.metrics().port(), registry,
        () -> streams.state().isRunningOrRebalancing());
    streams.start();
    return new MonitorApp(streams, server, streamsMetrics);
  }

  /** Properties for Kafka Streams; user settings under {@code kafka.*} win over these defaults. */
  static Properties streamsProperties(MonitorConfig config) {
    Properties p = new Properties();
    p.putAll(config.kafka());
    p.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    // Exactly-once by default: a restarted instance neither loses nor double-counts a message.
    p.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Alerts should leave within a second of the line that caused them; EOS commits make them visible.
    p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "500");
    // Every store and internal topic has a name we chose, so upgrades keep state (STYLE 2).
    p.putIfAbsent(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
    // A record that cannot be read is logged and dead-lettered with its provenance, never fatal.
    p.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
    p.putIfAbsent(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.topics().deadLetter());
    p.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, String.valueOf(config.topics().replication()));
    p.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, ".sentinel/state");
    // Every task reads one partition (mta.raw's or the repartition topic's), so there is nothing to
    // wait for; with idling on, Kafka Streams 4.3 also formats a log message per processed record.
    p.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, String.valueOf(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
    // A new deployment reads the log from the start of what the topic still holds.
    p.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return p;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * The detectors' per-subject state (an interactive query of the local stores): what operators'
   * tools and the fault tests read to see what the monitor has counted. Throws Kafka Streams'
   * InvalidStateStoreException while the store is restoring or migrating.
   */
  public ReadOnlyKeyValueStore<String, SubjectState> subjectStates() {
    return streams.store(StoreQueryParameters.fromNameAndType(SentinelTopology.SUBJECT_STATE_STORE,
        QueryableStoreTypes.keyValueStore()));
  }

  public int metricsPort() {
    return metricsServer.port();
  }

  @Override
  public void close() {
    LOG.info("Stopping the monitor (committing and closing state stores)");
    streams.close(Duration.ofSeconds(30));
    streamsMetrics.close();
    metricsServer.close();
  }
}
