package sentinel.streams.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.config.ConfigSource;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.common.json.JsonSerde;
import sentinel.shipper.Shipper;
import sentinel.shipper.config.ShipperConfig;
import sentinel.shipper.sink.KafkaLineSink;
import sentinel.streams.bench.BenchCorpus.Corpus;
import sentinel.streams.bench.BenchCorpus.HostFile;
import sentinel.streams.bench.ThroughputProbe.Result;

/**
 * Shipper throughput against two baselines measured in the same round: a bare {@link KafkaProducer}
 * sending the same envelope bytes (pre-serialized; no tailing, no checkpoint) and {@code kcat -P}
 * on the same files. One shipper (and one baseline producer, and one kcat) per MTA host, as
 * deployed. A first round warms the JVM up and is discarded.
 */
public final class ShipperBench {
  private static final Logger LOG = LoggerFactory.getLogger(ShipperBench.class);
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  /** Medians over the rounds, and the per-round samples behind them. */
  public record Outcome(Samples shipper, Samples bare, Samples kcat, Samples shipperCpu, Samples bareCpu,
      Samples kcatCpu, double shipperRecordBytes, double kcatRecordBytes) {}

  /**
   * A run's steady rate, and the CPU its threads used over the whole run per million lines. The
   * CPU covers the whole run, as kcat's does (its process time): the bare producer does nearly all
   * its send and compression work in the first second, before the rate's measured span starts, so
   * CPU taken over that span alone left it out.
   */
  private record Measured(Result rate, double cpuPerMillion, double brokerCpuPerMillion) {}

  /**
   * System properties {@code bench.producer.<key>=<value>} (e.g. {@code -Dbench.producer.compression.type=none}
   * in JAVA_OPTS) override producer settings for the shipper and the bare producer alike, to compare
   * settings without favouring either side. kcat keeps its own flags.
   */
  private static Map<String, Object> producerOverrides() {
    Map<String, Object> o = new HashMap<>();
    String prefix = "bench.producer.";
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
        .forEach(k -> o.put(k.substring(prefix.length()), System.getProperty(k)));
    return o;
  }

  /** The embedded broker's request handler and network threads: where produce requests are decompressed and written. */
  private static ThreadCpu brokerCpu() {
    return new ThreadCpu(n -> n.startsWith("data-plane-kafka"));
  }

  private final BenchKafka kafka;
  private final Corpus corpus;
  private final Path work;
  private final int partitions;
  private final ThroughputProbe probe;
  private final Optional<Kcat> kcat;
  private int topicSeq;

  public ShipperBench(BenchKafka kafka, Corpus corpus, Path work, int partitions, double warmupShare, Optional<Kcat> kcat) {
    this.kafka = kafka;
    this.corpus = corpus;
    this.work = work;
    this.partitions = partitions;
    this.probe = new ThroughputProbe(warmupShare);
    this.kcat = kcat;
  }

  /** Runs {@code rounds} measured rounds, after one discarded warm-up round when {@code warmup}. */
  public Outcome run(int rounds, boolean warmupRound) throws IOException, InterruptedException {
    List<List<byte[]>> envelopes = envelopes();
    Samples shipper = new Samples(), bare = new Samples(), kc = new Samples();
    Samples shipperCpu = new Samples(), bareCpu = new Samples(), kcCpu = new Samples();
    double shipperBytes = 0, kcatBytes = 0;
    for (int round = warmupRound ? 0 : 1; round <= rounds; round++) {
      boolean warmup = round == 0;
      Measured bm = bare(envelopes);
      Result b = bm.rate();
      String shipperTopic = nextTopic("shipper");
      Measured sm = shipper(shipperTopic, round);
      Result s = sm.rate();
      Optional<Kcat.Run> k = Optional.empty();
      String kcatTopic = null;
      if (kcat.isPresent()) {
        kcatTopic = nextTopic("kcat");
        String topic = kcatTopic;
        k = Optional.of(kcat.get().produce(corpus, kafka.bootstrap(), topic,
            () -> kafka.totalEndOffset(topic, partitions), probe, corpus.lines(), TIMEOUT));
      }
      LOG.info("round {}{}: shipper {} lines/s, bare producer {} lines/s, kcat {}; CPU s per M lines: shipper {}, bare {}; "
              + "broker request threads during the shipper {}, during the bare producer {}", round,
          warmup ? " (warm-up, discarded)" : "", (long) s.perSecond(), (long) b.perSecond(),
          k.map(r -> (long) r.result().perSecond() + " lines/s").orElse("n/a"), String.format("%.2f", sm.cpuPerMillion()),
          String.format("%.2f", bm.cpuPerMillion()), String.format("%.2f", sm.brokerCpuPerMillion()),
          String.format("%.2f", bm.brokerCpuPerMillion()));
      if (warmup) {
        continue;
      }
      shipper.add(s.perSecond());
      shipperCpu.add(sm.cpuPerMillion());
      bare.add(b.perSecond());
      bareCpu.add(bm.cpuPerMillion());
      shipperBytes = (double) kafka.topicBytes(shipperTopic) / corpus.lines();
      if (k.isPresent()) {
        kc.add(k.get().result().perSecond());
        kcCpu.add(k.get().cpuSecondsPerMillion());
        kcatBytes = (double) kafka.topicBytes(kcatTopic) / corpus.lines();
      }
    }
    return new Outcome(shipper, bare, kc, shipperCpu, bareCpu, kcCpu, shipperBytes, kcatBytes);
  }

  private String nextTopic(String what) {
    String name = "bench." + what + "." + (++topicSeq);
    kafka.createTopic(name, partitions);
    return name;
  }

  /** Six shippers tail six files from the beginning; measured until the broker holds every line. */
  private Measured shipper(String topic, int round) throws InterruptedException {
    List<Shipper> shippers = new ArrayList<>();
    List<SimpleMeterRegistry> registries = new ArrayList<>();
    // The loop, checkpoint and producer I/O threads of every shipper.
    ThreadCpu cpu = new ThreadCpu(n -> n.startsWith("sentinel-shipper") || n.contains("| sentinel-shipper-"));
    try {
      for (HostFile f : corpus.files()) {
        Map<String, String> settings = new HashMap<>();
        settings.put("shipper.paths", f.path().toString());
        settings.put("shipper.host", f.host());
        settings.put("shipper.checkpoint.file", work.resolve("checkpoint-" + round + "-" + f.host() + ".json").toString());
        settings.put("topics.raw", topic);
        ConfigSource source = new ConfigSource(settings, Map.of(), Map.of());
        Map<String, Object> producer = new HashMap<>(kafka.clientProps());
        producer.putAll(producerOverrides());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registries.add(registry);
        Shipper s = new Shipper(ShipperConfig.from(source), producer, registry, Clock.systemUTC());
        shippers.add(s);
      }
      ThreadCpu broker = brokerCpu();
      long brokerStart = broker.nanos();
      long cpuStart = cpu.nanos();
      shippers.forEach(Shipper::start);
      Result r = probe.await(corpus.lines(), () -> shippers.stream().mapToLong(Shipper::linesShipped).sum(), cpu::nanos, TIMEOUT);
      LOG.info("shipper producers: {}", batching(registries.stream()
          .map(reg -> (java.util.function.Function<String, Double>) name -> reg.find("kafka.producer." + name).gauges()
              .stream().mapToDouble(g -> g.value()).filter(Double::isFinite).average().orElse(Double.NaN))
          .toList()));
      return new Measured(r, wholeRunCpuPerMillion(cpu.nanos() - cpuStart), wholeRunCpuPerMillion(broker.nanos() - brokerStart));
    } finally {
      shippers.forEach(Shipper::close);
    }
  }

  /** One producer per host, with the shipper's producer settings, sending pre-built envelopes. */
  private Measured bare(List<List<byte[]>> envelopes) throws InterruptedException {
    String topic = nextTopic("bare");
    // The producers' I/O threads live to the end and are sampled; the sender threads usually end
    // between two samples (all their sends are queued within a second), so each reports its own CPU.
    ThreadCpu cpu = new ThreadCpu(n -> n.contains("| bench-bare-"));
    java.util.concurrent.atomic.AtomicLong senderCpu = new java.util.concurrent.atomic.AtomicLong();
    List<KafkaProducer<byte[], byte[]>> producers = new ArrayList<>();
    List<Thread> senders = new ArrayList<>();
    java.util.concurrent.atomic.AtomicLong acked = new java.util.concurrent.atomic.AtomicLong();
    try {
      for (int h = 0; h < corpus.files().size(); h++) {
        String host = corpus.files().get(h).host();
        Map<String, Object> user = new HashMap<>(kafka.clientProps());
        user.putAll(producerOverrides());
        Map<String, Object> props = KafkaLineSink.producerConfig(user, host, 32L * 1024 * 1024);
        props.put("client.id", "bench-bare-" + host);
        // As the shipper's sink: the same config, byte-array serializers, the key encoded once.
        KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        producers.add(p);
        byte[] key = host.getBytes(StandardCharsets.UTF_8);
        List<byte[]> values = envelopes.get(h);
        Thread t = new Thread(() -> {
          for (byte[] v : values) {
            p.send(new ProducerRecord<>(topic, key, v), (md, e) -> {
              if (e == null) {
                acked.incrementAndGet();
              }
            });
          }
          senderCpu.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
        }, "bench-bare-sender-" + host);
        senders.add(t);
      }
      ThreadCpu broker = brokerCpu();
      long brokerStart = broker.nanos();
      long cpuStart = cpu.nanos(); // the producers' I/O threads started with them
      senders.forEach(Thread::start);
      Result r = probe.await(corpus.lines(), acked::get, cpu::nanos, TIMEOUT);
      LOG.info("bare producers: {}", batching(producers.stream()
          .map(p -> (java.util.function.Function<String, Double>) name -> p.metrics().entrySet().stream()
              .filter(e -> e.getKey().group().equals("producer-metrics") && e.getKey().name().equals(name.replace('.', '-')))
              .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).findFirst().orElse(Double.NaN))
          .toList()));
      long ioCpu = cpu.nanos() - cpuStart;
      for (Thread t : senders) {
        t.join(); // long done by now: every line was acknowledged
      }
      return new Measured(r, wholeRunCpuPerMillion(ioCpu + senderCpu.get()), wholeRunCpuPerMillion(broker.nanos() - brokerStart));
    } finally {
      for (Thread t : senders) {
        t.join();
      }
      producers.forEach(p -> p.close(Duration.ofSeconds(10)));
    }
  }

  /** How the producers batched: the averages behind the broker's cost per line (logged per round). */
  private static String batching(List<java.util.function.Function<String, Double>> producers) {
    StringBuilder b = new StringBuilder();
    for (String name : List.of("batch.size.avg", "records.per.request.avg", "compression.rate.avg", "request.rate",
        "record.queue.time.avg")) {
      double avg = producers.stream().mapToDouble(p -> p.apply(name)).filter(Double::isFinite).average().orElse(Double.NaN);
      b.append(name).append('=').append(String.format("%.2f", avg)).append(' ');
    }
    return b.toString().trim();
  }

  private double wholeRunCpuPerMillion(long cpuNanos) {
    return cpuNanos / 1e9 / corpus.lines() * 1_000_000;
  }

  /** The envelopes the shipper would send for each file (same fields, same JSON mapping). */
  private List<List<byte[]>> envelopes() throws IOException {
    Serializer<RawLineEnvelope> serializer = new JsonSerde<>(RawLineEnvelope.class).serializer();
    List<List<byte[]>> all = new ArrayList<>();
    Instant readAt = Instant.now();
    for (HostFile f : corpus.files()) {
      List<byte[]> values = new ArrayList<>();
      long offset = 0;
      // A file id of the shipper's shape: device, inode and head hash.
      String fileId = "2049-" + Files.size(f.path()) + "-9f3c1a2b4d5e6f70";
      for (String line : Files.readAllLines(f.path(), StandardCharsets.UTF_8)) {
        values.add(serializer.serialize("bench", new RawLineEnvelope(f.host(), f.path().toString(), fileId, offset, readAt, line)));
        offset += line.length() + 1;
      }
      all.add(values);
    }
    return all;
  }
}
