package sentinel.streams;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.correlate.FilePositionSerde;
import sentinel.streams.correlate.LineDeduplicator;
import sentinel.streams.correlate.PendingMessageSerde;
import sentinel.streams.correlate.QueueIdCorrelator;
import sentinel.streams.detect.DetectionProcessor;
import sentinel.streams.detect.SubjectStateSerde;
import sentinel.streams.geo.CachingCountryLookup;
import sentinel.streams.geo.CountryLookup;
import sentinel.streams.geo.GeoLookups;
import sentinel.streams.enforce.EnforcementPolicy;
import sentinel.streams.ingest.DecodeProcessor;
import sentinel.streams.ingest.Decoded;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.model.AccountEvent;
import sentinel.streams.model.AccountEventSerde;
import sentinel.streams.model.Alert;
import sentinel.streams.parse.LineParsing;
import sentinel.streams.parse.MtaLineParser;
import sentinel.streams.parse.MtaParsers;
import sentinel.streams.store.ObjectCachingStoreBuilder;
import sentinel.streams.topics.Topics;

/**
 * The whole monitor, top to bottom. Everything up to correlation runs in the host-keyed partition
 * of {@code mta.raw}; only one event per login, message and recipient outcome is repartitioned, by
 * account, to the detectors.
 */
public final class SentinelTopology {
  public static final String LINE_POSITIONS_STORE = "line-positions";
  public static final String QUEUE_CORRELATION_STORE = "queue-correlation";
  public static final String SUBJECT_STATE_STORE = "subject-state";
  public static final String ACCOUNT_EVENTS_TOPIC = "account-events";

  private SentinelTopology() {}

  /** The topology with the GeoIP database from config ({@code geoip.database}, or the fetched free one). */
  public static Topology build(MonitorConfig config, Topics topics, SentinelMeters meters) {
    return build(config, topics, meters, GeoLookups.open(config.geo()));
  }

  /** The topology with a given GeoIP lookup (tests, the simulator). */
  public static Topology build(MonitorConfig config, Topics topics, SentinelMeters meters, CountryLookup geo) {
    StreamsBuilder builder = new StreamsBuilder();
    // Every store is read and written for nearly every line or event. Its values stay deserialized in
    // front of the store, and a commit interval's writes per key (a file's position, a message's several
    // updates and its delete, an account's events) reach the store and changelog once, when Streams
    // flushes before it commits; exactly-once and restarts see the same state. Values are compact
    // binary forms, not JSON.
    addStore(builder, LINE_POSITIONS_STORE, new FilePositionSerde(), config);
    addStore(builder, QUEUE_CORRELATION_STORE, new PendingMessageSerde(), config);
    addStore(builder, SUBJECT_STATE_STORE, new SubjectStateSerde(), config);
    LineParsing parsing = new LineParsing(new MtaLineParser(config.logZone(), MtaParsers.all()), meters);
    EnforcementPolicy policy = new EnforcementPolicy(config.enforcement());

    // 1. Raw lines, keyed by MTA host. Records that are not lines go to the dead-letter topic.
    Map<String, KStream<String, Decoded>> decoded = builder
        .stream(topics.raw().name(), topics.raw().consumed("read-mta-raw"))
        .processValues(() -> new DecodeProcessor(meters), Named.as("decode-line"))
        .split(Named.as("decoded-"))
        .branch((host, d) -> d instanceof Decoded.Rejected, Branched.as("rejected"))
        .defaultBranch(Branched.as("line"));
    decoded.get("decoded-rejected")
        .mapValues(d -> ((Decoded.Rejected) d).deadLetter(), Named.as("describe-rejected"))
        .to(topics.deadLetter().name(), topics.deadLetter().produced("write-dead-letters"));

    // 2. Drop lines the shipper re-sent after a crash; 3. parse; 4. tie queue IDs to accounts.
    KStream<String, AccountEvent> accountEvents = decoded.get("decoded-line")
        .mapValues(d -> ((Decoded.Line) d).line(), Named.as("unwrap-line"))
        .processValues(() -> new LineDeduplicator(LINE_POSITIONS_STORE, config.correlation().positionMaxAge(), meters),
            Named.as("drop-resent-lines"), LINE_POSITIONS_STORE)
        .flatMapValues(parsing::events, Named.as("parse-line"))
        .process(() -> new QueueIdCorrelator(QUEUE_CORRELATION_STORE, config.correlation(), meters),
            Named.as("correlate-queue-ids"), QUEUE_CORRELATION_STORE);

    // 5. The one repartition: events move from host key to account (or client IP) key.
    KStream<String, Alert> alerts = accountEvents
        .repartition(Repartitioned.<String, AccountEvent>as(ACCOUNT_EVENTS_TOPIC)
            .withKeySerde(Serdes.String()).withValueSerde(new AccountEventSerde()))
        // 6. Per-subject windows, detectors and alert episodes.
        .process(() -> new DetectionProcessor(SUBJECT_STATE_STORE, config.detection(), meters,
                new CachingCountryLookup(geo, config.geo().cacheEntries())),
            Named.as("detect"), SUBJECT_STATE_STORE);

    // 7. Alerts out, and the enforcement decision each account alert implies.
    alerts.to(topics.alerts().name(), topics.alerts().produced("write-alerts"));
    alerts
        .flatMapValues(alert -> policy.decide(alert).map(List::of).orElse(List.of()), Named.as("decide-enforcement"))
        .peek((account, decision) -> meters.decisionEmitted(decision.action().name()), Named.as("count-decisions"))
        .to(topics.accountStatus().name(), topics.accountStatus().produced("write-account-status"));
    return builder.build();
  }

  private static <V> void addStore(StreamsBuilder builder, String name, Serde<V> serde, MonitorConfig config) {
    StoreBuilder<KeyValueStore<String, V>> store = Stores.keyValueStoreBuilder(
        config.inMemoryState() ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name), Serdes.String(), serde);
    if (!config.stateChangelog()) {
      store.withLoggingDisabled();
    }
    builder.addStateStore(new ObjectCachingStoreBuilder<>(store, config.cachedValues()));
  }
}
