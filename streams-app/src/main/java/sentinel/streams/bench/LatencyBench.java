package sentinel.streams.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.config.ConfigSource;
import sentinel.hook.HookService;
import sentinel.hook.config.HookSettings;
import sentinel.shipper.Shipper;
import sentinel.shipper.config.ShipperConfig;
import sentinel.streams.MonitorApp;
import sentinel.streams.config.MonitorConfig;

/**
 * Detection latency under steady load: the simulator appends background traffic in real time to
 * one file per host, one shipper per host tails them (production settings), the monitor runs with
 * its production settings (exactly-once, 500 ms commits), and attacks are injected one at a time.
 * For each, the time from writing the attack's first line to the alert on the alerts topic and
 * to the decision on the account-status topic, as read by a read_committed consumer, and to the
 * first HOLD answer of the real rate-limit hook (in-process, fed from the same account-status
 * topic with its default settings), asked by a {@link HoldProber} playing Postfix.
 */
public final class LatencyBench {
  private static final Logger LOG = LoggerFactory.getLogger(LatencyBench.class);
  private static final long TICK_MILLIS = 50;

  /** Settings of one run. */
  public record Settings(int hosts, int accounts, int linesPerSecond, int injections, Duration interval,
      Duration warmup, int attackMessages, Duration answerTimeout, Duration probeInterval) {}

  /**
   * Milliseconds from first attack line to alert, to decision and to the hook's first HOLD answer,
   * one sample per injection answered; and the policy requests the prober sent and lost.
   */
  public record Outcome(Samples alertMillis, Samples decisionMillis, Samples holdMillis, int injected,
      long backgroundLines, long probeRequests, long probeErrors) {
    /** Every injected attack reached all three: alert, decision and HOLD. */
    public boolean allAnswered() {
      return alertMillis.size() == injected && decisionMillis.size() == injected && holdMillis.size() == injected;
    }
  }

  private final BenchKafka kafka;
  private final Path work;
  private final int partitions;

  public LatencyBench(BenchKafka kafka, Path work, int partitions) {
    this.kafka = kafka;
    this.work = work;
    this.partitions = partitions;
  }

  public Outcome run(Settings s) throws Exception {
    Map<String, String> cfg = new HashMap<>();
    cfg.put(ConfigSource.BOOTSTRAP_KEY, kafka.bootstrap());
    cfg.put("topics.raw", "latency.mta.raw");
    cfg.put("topics.alerts", "latency.alerts");
    cfg.put("topics.account-status", "latency.account-status");
    cfg.put("topics.dlq", "latency.dlq");
    cfg.put("topics.partitions", String.valueOf(partitions));
    cfg.put("parse.timezone", "UTC");
    cfg.put("monitor.application.id", "latency-" + Long.toHexString(System.nanoTime()));
    cfg.put("monitor.metrics.port", "0");
    cfg.put("kafka.state.dir", work.resolve("latency-state").toString());
    MonitorConfig monitorConfig = MonitorConfig.from(new ConfigSource(cfg, Map.of(), Map.of()));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Map<String, Long> injectedAt = new ConcurrentHashMap<>();
    Samples alerts = new Samples();
    Samples decisions = new Samples();
    Samples holds = new Samples();
    long background = 0;
    try (MonitorApp monitor = MonitorApp.start(monitorConfig, registry, Clock.systemUTC());
        LiveLogWriter writer = new LiveLogWriter(work.resolve("latency-logs"), s.hosts(), s.accounts(), Clock.systemUTC(), 7);
        Answers answers = new Answers(monitorConfig, injectedAt, alerts, decisions)) {
      awaitRunning(monitor, s.answerTimeout());
      List<Shipper> shippers = startShippers(cfg, writer.paths());
      try (HookService hook = startHook(monitorConfig, s.answerTimeout());
          HoldProber prober = new HoldProber(hook.postfixPort(), injectedAt, holds, s.probeInterval())) {
        answers.start();
        prober.start();
        long start = System.nanoTime();
        long nextInjection = start + s.warmup().toNanos();
        int injected = 0;
        double linesPerTick = s.linesPerSecond() * TICK_MILLIS / 1000.0;
        long ticks = 0;
        long end = nextInjection + s.interval().toNanos() * s.injections();
        while (System.nanoTime() < end) {
          if (injected < s.injections() && System.nanoTime() >= nextInjection) {
            String account = "victim" + injected + "@customer-latency.example";
            injectedAt.put(account, System.nanoTime());
            writer.attack(injected % s.hosts(), account, s.attackMessages());
            injected++;
            nextInjection += s.interval().toNanos();
          }
          background += writer.background((int) Math.round(linesPerTick));
          ticks++;
          long sleep = start + ticks * TICK_MILLIS * 1_000_000 - System.nanoTime();
          if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
          }
        }
        long deadline = System.nanoTime() + s.answerTimeout().toNanos();
        while ((alerts.size() < injected || decisions.size() < injected || holds.size() < injected)
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        LOG.info("{} injections: {} alerts, {} decisions, {} hook HOLD answers ({} policy requests, {} failed)",
            injected, alerts.size(), decisions.size(), holds.size(), prober.requests(), prober.errors());
        return new Outcome(alerts, decisions, holds, injected, background, prober.requests(), prober.errors());
      } finally {
        shippers.forEach(Shipper::close);
      }
    }
  }

  /** Attacks injected while the monitor still joins its group would measure start-up, not detection. */
  private static void awaitRunning(MonitorApp monitor, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (monitor.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the monitor did not reach RUNNING within " + timeout + " (state " + monitor.state() + ")");
      }
      Thread.sleep(100);
    }
  }

  /**
   * The real hook as production runs it (its default settings: fail-open, a read_committed feed),
   * reading this run's account-status topic; only the Postfix listener, on a free loopback port.
   * Attacks are injected only once its feed has caught up, so start-up is not measured.
   */
  private HookService startHook(MonitorConfig monitorConfig, Duration timeout) throws InterruptedException {
    Map<String, String> c = new HashMap<>();
    c.put(ConfigSource.BOOTSTRAP_KEY, kafka.bootstrap());
    c.put("topics.account-status", monitorConfig.topics().accountStatus());
    c.put("hook.postfix.bind", "127.0.0.1");
    c.put("hook.postfix.port", "0");
    c.put("hook.exim.port", "-1");
    c.put("hook.http.enabled", "false");
    c.put("hook.metrics.port", "0");
    c.put("hook.local.host", "bench");
    HookService hook = HookService.start(HookSettings.from(new ConfigSource(c, Map.of(), Map.of())), Clock.systemUTC());
    if (!hook.feed().awaitCaughtUp(timeout)) {
      hook.close();
      throw new IllegalStateException("the hook's decision feed did not catch up within " + timeout);
    }
    return hook;
  }

  private List<Shipper> startShippers(Map<String, String> cfg, List<Path> paths) {
    return paths.stream().map(p -> {
      Map<String, String> settings = new HashMap<>(cfg);
      String host = p.getFileName().toString().replace(".log", "");
      settings.put("shipper.paths", p.toString());
      settings.put("shipper.host", host);
      settings.put("shipper.checkpoint.file", work.resolve("latency-checkpoint-" + host + ".json").toString());
      ConfigSource source = new ConfigSource(settings, Map.of(), Map.of());
      Shipper shipper = new Shipper(ShipperConfig.from(source), ShipperConfig.producerProps(source),
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
      shipper.start();
      return shipper;
    }).toList();
  }

  /** Reads alerts and decisions (committed only, as the hook does) and times them against the injections. */
  private final class Answers implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final MonitorConfig config;
    private final Map<String, Long> injectedAt;
    private final Samples alerts;
    private final Samples decisions;
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    Answers(MonitorConfig config, Map<String, Long> injectedAt, Samples alerts, Samples decisions) {
      Map<String, Object> p = new HashMap<>(kafka.clientProps());
      p.put(ConsumerConfig.GROUP_ID_CONFIG, "latency-answers-" + System.nanoTime());
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
      this.config = config;
      this.injectedAt = injectedAt;
      this.alerts = alerts;
      this.decisions = decisions;
      this.thread = new Thread(this::loop, "bench-latency-answers");
    }

    void start() {
      consumer.subscribe(List.of(config.topics().alerts(), config.topics().accountStatus()));
      thread.start();
    }

    private void loop() {
      while (running) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
          long now = System.nanoTime();
          Long at = r.key() == null ? null : injectedAt.get(r.key());
          boolean isAlert = r.topic().equals(config.topics().alerts());
          if (at == null || seen.putIfAbsent((isAlert ? "a:" : "d:") + r.key(), true) != null) {
            continue;
          }
          double ms = (now - at) / 1e6;
          synchronized (isAlert ? alerts : decisions) {
            (isAlert ? alerts : decisions).add(ms);
          }
          LOG.info("{} for {} after {} ms", isAlert ? "alert" : "decision", r.key(), (long) ms);
        }
      }
      consumer.close(Duration.ofSeconds(5));
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(10_000);
    }
  }
}
