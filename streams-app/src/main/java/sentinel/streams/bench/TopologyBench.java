package sentinel.streams.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.config.ConfigSource;
import sentinel.common.kafka.TopicAdmin;
import sentinel.streams.SentinelTopology;
import sentinel.streams.bench.BenchCorpus.Corpus;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.topics.Topics;

/**
 * Topology throughput: the full monitor, the naive app and the pass-through floor over the same
 * {@code mta.raw} from offset 0, with the same guarantee and number of stream threads, measured from
 * the first record read to the last input offset committed. Apps run interleaved in each round;
 * round 0 warms the JVM up and is discarded. Besides the rate, the CPU time of each app's own threads
 * per input record: on a shared machine the rate swings with the neighbours, the CPU cost much less.
 */
public final class TopologyBench {
  private static final Logger LOG = LoggerFactory.getLogger(TopologyBench.class);
  private static final Duration TIMEOUT = Duration.ofMinutes(15);
  private static final String RAW = "bench.mta.raw";
  /** Every corpus line is a Postfix line the parser knows (parsed, or ignored by design). */
  private static final double MIN_PARSED_SHARE = 0.9;

  public enum App { FLOOR, NAIVE, MONITOR }

  /** One app under one guarantee: a throughput sample per round. */
  public record Key(String guarantee, App app) {}

  /** Per round: records per second, and CPU microseconds of the app's own threads per record. */
  public record Result(Samples rate, Samples cpuMicrosPerRecord) {
    Result() {
      this(new Samples(), new Samples());
    }
  }

  /** How long one app took, and the CPU its threads used, from start to the last input offset committed. */
  private record Run(double seconds, long cpuNanos) {}
  private static final long CPU_SAMPLE_EVERY_MS = 250;

  private final BenchKafka kafka;
  private final Corpus corpus;
  private final Path work;
  private final int partitions;
  private final int threads;
  private final Map<String, String> overrides;
  private int runSeq;

  public TopologyBench(BenchKafka kafka, Corpus corpus, Path work, int partitions, int threads) {
    this(kafka, corpus, work, partitions, threads, Map.of());
  }

  /** @param overrides Kafka Streams and client settings applied to every app alike, after the bench's own */
  public TopologyBench(BenchKafka kafka, Corpus corpus, Path work, int partitions, int threads, Map<String, String> overrides) {
    this.kafka = kafka;
    this.corpus = corpus;
    this.work = work;
    this.partitions = partitions;
    this.threads = threads;
    this.overrides = Map.copyOf(overrides);
  }

  /** Runs {@code rounds} measured rounds, after one discarded warm-up round when {@code warmupRound}. */
  public Map<Key, Result> run(int rounds, List<String> guarantees, List<App> apps, boolean warmupRound) throws IOException, InterruptedException {
    kafka.createTopic(RAW, partitions);
    RawLoader.load(kafka, corpus, RAW);
    long records = kafka.totalEndOffset(RAW, partitions);
    Map<Key, Result> out = new LinkedHashMap<>();
    for (int round = warmupRound ? 0 : 1; round <= rounds; round++) {
      for (String g : guarantees) {
        for (App app : apps) {
          Run run = run(app, g, records);
          double rate = records / run.seconds();
          double cpuMicros = run.cpuNanos() / 1e3 / records;
          LOG.info("round {}{} {} {}: {} records/s, {} CPU µs per record", round, round == 0 ? " (warm-up, discarded)" : "", g, app,
              (long) rate, String.format(java.util.Locale.ROOT, "%.2f", cpuMicros));
          if (round > 0) {
            Result r = out.computeIfAbsent(new Key(g, app), k -> new Result());
            r.rate().add(rate);
            r.cpuMicrosPerRecord().add(cpuMicros);
          }
        }
      }
    }
    return out;
  }

  private Run run(App app, String guarantee, long records) throws InterruptedException {
    String appId = "bench-" + app.name().toLowerCase() + "-" + (++runSeq);
    // Every thread Kafka Streams starts for this app carries its id: stream thread, producer and consumer I/O.
    ThreadCpu cpu = new ThreadCpu(name -> name.startsWith(appId + "-"));
    AtomicLong firstRead = new AtomicLong();
    Properties props = streamsProps(appId, guarantee, firstRead);
    KafkaStreams streams = new KafkaStreams(topology(app), props);
    try {
      streams.start();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      long nextCpuSample = 0;
      while (kafka.committed(appId, RAW) < records) {
        if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
          throw new IllegalStateException(app + " did not commit all " + records + " input records (state " + streams.state() + ")");
        }
        if (System.nanoTime() > nextCpuSample) { // threads may end before the last sample: keep their last reading
          cpu.nanos();
          nextCpuSample = System.nanoTime() + CPU_SAMPLE_EVERY_MS * 1_000_000;
        }
        Thread.sleep(25);
      }
      double seconds = (System.nanoTime() - firstRead.get()) / 1e9;
      long cpuNanos = cpu.nanos();
      if (app == App.MONITOR) {
        requireParsed(records);
      }
      return new Run(seconds, cpuNanos);
    } finally {
      streams.close(Duration.ofSeconds(60));
      streams.cleanUp();
      deleteInternalTopics(appId);
    }
  }

  /** Meters of the last monitor run: the bench checks that the monitor parsed the corpus, not just read it. */
  private SimpleMeterRegistry monitorRegistry = new SimpleMeterRegistry();

  private Topology topology(App app) {
    if (app == App.FLOOR) {
      return BaselineTopologies.floor(RAW);
    }
    if (app == App.NAIVE) {
      return BaselineTopologies.naive(RAW);
    }
    MonitorConfig config = monitorConfig();
    TopicAdmin.ensureTopics(kafka.clientProps(), config.topics());
    monitorRegistry = new SimpleMeterRegistry();
    SentinelMeters meters = new SentinelMeters(monitorRegistry, Clock.systemUTC(), config.topAccounts());
    return SentinelTopology.build(config, Topics.from(config.topics()), meters);
  }

  /** A monitor that reads but cannot parse the corpus would look fast and prove nothing. */
  private void requireParsed(long records) {
    double unsupported = monitorRegistry.find("sentinel.parse.lines").tag("outcome", "unsupported").counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    if (unsupported > records * (1 - MIN_PARSED_SHARE)) {
      throw new IllegalStateException("the monitor could not parse " + (long) unsupported + " of " + records + " lines");
    }
  }

  /** The monitor's own settings with the benchmark's topic names; the corpus is written in UTC. */
  MonitorConfig monitorConfig() {
    Map<String, String> s = new HashMap<>();
    s.put("topics.raw", RAW);
    s.put("topics.alerts", "bench.alerts");
    s.put("topics.account-status", "bench.account-status");
    s.put("topics.dlq", "bench.dlq");
    s.put("topics.partitions", String.valueOf(partitions));
    s.put("parse.timezone", "UTC");
    s.put(ConfigSource.BOOTSTRAP_KEY, kafka.bootstrap());
    return MonitorConfig.from(new ConfigSource(s, Map.of(), Map.of()));
  }

  /** The same client settings for all three apps (those of the monitor where it sets any). */
  private Properties streamsProps(String appId, String guarantee, AtomicLong firstRead) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    // The monitor commits every 500 ms (alert latency); the baselines do the same.
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 500);
    p.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    // The monitor turns task idling off (each of its tasks reads one partition); so do the baselines,
    // whose tasks also read one partition each.
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG), FirstReadInterceptor.class.getName());
    p.put(StreamsConfig.mainConsumerPrefix(FirstReadInterceptor.FIRST_READ_CONFIG), firstRead);
    p.putAll(overrides);
    return p;
  }

  private void deleteInternalTopics(String appId) {
    try (Admin admin = Admin.create(kafka.clientProps())) {
      Set<String> internal = admin.listTopics().names().get().stream()
          .filter(t -> t.startsWith(appId + "-")).collect(Collectors.toSet());
      if (!internal.isEmpty()) {
        kafka.deleteTopics(internal);
      }
    } catch (Exception e) {
      LOG.debug("Could not delete internal topics of {}: {}", appId, e.toString());
    }
  }
}
