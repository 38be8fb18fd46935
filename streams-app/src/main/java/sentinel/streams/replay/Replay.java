package sentinel.streams.replay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.contract.AccountDecision;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.model.Alert;
import sentinel.streams.parse.MtaLineParser;
import sentinel.streams.parse.MtaParsers;

/**
 * {@code ./sentinel replay}: reads mail logs oldest file first, feeds every line with its own
 * timestamp through the monitor's topology ({@link ReplayDriver}) and assembles the report from what
 * the topology emitted, counted and stored.
 */
public final class Replay {
  /**
   * Store settings the replay turns on unless the user set them. A replay starts from nothing and never
   * restores, so RocksDB (flushed on the driver's commit after every record) and changelogs (every store
   * write becomes a record the driver captures and matches against its source topics) only cost time.
   * They change how state is kept, not what the topology computes. With both, the stores' object caches
   * keep changed values across the driver's commits ({@code ObjectCachingStore.Flush.ON_EVICTION}):
   * writing each of them through at every one of those per-record commits was a sixth of the replay.
   */
  public static final Map<String, String> STATE_DEFAULTS = Map.of(
      "monitor.state.in.memory", "true",
      "monitor.state.changelog", "false");

  private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
  private final MonitorConfig config;
  private final ReplayOptions options;
  private final ReplayProgress progress;
  private final LongSupplier nanoTime;
  private final CountryResolver countries;

  /** @param nanoTime the elapsed-time source for the speed figures (System::nanoTime outside tests) */
  public Replay(MonitorConfig config, ReplayOptions options, ReplayProgress progress, LongSupplier nanoTime,
      CountryResolver countries) {
    this.config = config;
    this.options = options;
    this.progress = progress;
    this.nanoTime = nanoTime;
    this.countries = countries;
  }

  /** The replay's defaults on top of the user's config: theirs win. */
  public static sentinel.common.config.ConfigSource defaults(sentinel.common.config.ConfigSource source) {
    Map<String, String> unset = new java.util.HashMap<>();
    STATE_DEFAULTS.forEach((key, value) -> {
      if (source.find(key).isEmpty()) {
        unset.put(key, value);
      }
    });
    return unset.isEmpty() ? source : source.withOverrides(unset);
  }

  public ReplayReport run() throws IOException {
    long started = nanoTime.getAsLong();
    List<Path> files = RotationOrder.oldestFirst(options.files());
    long totalBytes = 0;
    for (Path f : files) {
      totalBytes += Files.size(f);
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // A replay has no end-to-end latency to measure: a clock at the epoch makes every sample negative,
    // and the meter skips negative latencies.
    SentinelMeters meters = new SentinelMeters(registry, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), config.topAccounts());
    EventFacts facts = new EventFacts(EventFacts.Limits.defaults(), countries);
    List<Alert> alerts = new ArrayList<>();
    Map<String, AccountDecision> decisions = new LinkedHashMap<>();
    UnparsedSamples samples = new UnparsedSamples(new MtaLineParser(config.logZone(), MtaParsers.all()), 3, 12);
    Path stateParent = options.stateParent() != null ? options.stateParent() : Path.of(System.getProperty("java.io.tmpdir"));
    int deadLetters = 0;

    // Three threads: one reads and frames the files, this one runs the topology, one tallies the
    // account events for the report. The topology is the bottleneck; the others keep out of its way.
    try (ReplayDriver driver = new ReplayDriver(config, meters, stateParent, Instant.EPOCH);
        LineFeed feed = new LineFeed(files, options, config.logZone());
        AccountEventTap tap = new AccountEventTap(driver.accountEventsTopic(), ReplayDriver.accountEventDeserializer(),
            facts::add)) {
      LineBatch batch;
      while ((batch = feed.next()) != null) {
        deadLetters += pipe(driver, batch, tap, alerts, decisions, samples, registry);
        progress.update(batch.linesRead(), batch.bytesRead(), totalBytes);
      }
      tap.finish();
      FeedTotals read = feed.totals();
      progress.finished(read.linesRead(), read.bytesRead(), totalBytes);
      if (deadLetters > 0) {
        LOG.warn("{} records were dead-lettered by the topology (see the unparsed section)", deadLetters);
      }
      double seconds = Math.max(1e-9, (nanoTime.getAsLong() - started) / 1e9);
      ReplayReport.Run run = new ReplayReport.Run(read.sources(), read.linesRead(), read.linesInRange(), read.bytesRead(),
          read.first(), read.last(), options.since(), options.until(), options.account(), config.logZone().getId(), seconds,
          read.linesRead() / seconds);
      return new ReportAssembler(config, options, facts, alerts, decisions, registry, driver.subjectStates(), samples)
          .assemble(run);
    }
  }

  private int pipe(ReplayDriver driver, LineBatch batch, AccountEventTap tap, List<Alert> alerts,
      Map<String, AccountDecision> decisions, UnparsedSamples samples, SimpleMeterRegistry registry) {
    double unsupportedBefore = unsupported(registry);
    driver.pipe(batch.records());
    tap.offer(driver.drainAccountEvents());
    alerts.addAll(driver.drainAlerts());
    driver.drainDecisions().forEach(d -> decisions.put(d.account(), d));
    int dead = driver.drainDeadLetters().size();
    driver.discardOtherOutputs();
    if (unsupported(registry) > unsupportedBefore && samples.wantsMore()) {
      samples.collect(batch.lines(), batch.times());
    }
    return dead;
  }

  private static double unsupported(SimpleMeterRegistry registry) {
    return registry.find("sentinel.parse.lines").tag("outcome", "unsupported").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }
}
