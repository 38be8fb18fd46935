package sentinel.streams.replay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.test.TestRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.contract.AccountDecision;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.model.AccountEvent;
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
   * The config key that keeps the topology's stores in memory. A replay starts from nothing and
   * never restores, so RocksDB (flushed on the driver's commit after every record) only costs time;
   * {@link #defaults} turns it on unless the user set it.
   */
  public static final String IN_MEMORY_STATE_KEY = "monitor.state.in.memory";

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
    return source.find(IN_MEMORY_STATE_KEY).isPresent() ? source : source.withOverrides(Map.of(IN_MEMORY_STATE_KEY, "true"));
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
    List<ReplayReport.SourceFile> sources = new ArrayList<>();
    Path stateParent = options.stateParent() != null ? options.stateParent() : Path.of(System.getProperty("java.io.tmpdir"));
    long linesRead = 0;
    long linesInRange = 0;
    long bytesBefore = 0;
    Instant first = null;
    Instant last = null;
    int deadLetters = 0;

    LineClock clock = new LineClock(config.logZone(), Instant.EPOCH);
    try (ReplayDriver driver = new ReplayDriver(config, meters, stateParent, Instant.EPOCH)) {
      Batch batch = new Batch(options.batchSize());
      for (Path file : files) {
        Instant reference = reference(file);
        long fileLines = 0;
        boolean gzip;
        try (LogFileReader reader = new LogFileReader(file)) {
          gzip = isGzip(file);
          String line;
          while ((line = reader.nextLine()) != null) {
            linesRead++;
            fileLines++;
            Instant t = clock.timeOf(line, reference);
            if (!options.inRange(t)) {
              continue;
            }
            linesInRange++;
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
            String host = clock.lastHost() != null ? clock.lastHost() : options.host();
            batch.add(host, line, t);
            if (batch.full()) {
              deadLetters += flush(driver, batch, facts, alerts, decisions, samples, registry);
              progress.update(linesRead, bytesBefore + reader.bytesRead(), totalBytes);
            }
          }
          bytesBefore += reader.bytesRead();
        }
        sources.add(new ReplayReport.SourceFile(file.getFileName().toString(), Files.size(file), fileLines, gzip));
      }
      deadLetters += flush(driver, batch, facts, alerts, decisions, samples, registry);
      progress.finished(linesRead, bytesBefore, totalBytes);
      if (deadLetters > 0) {
        LOG.warn("{} records were dead-lettered by the topology (see the unparsed section)", deadLetters);
      }
      double seconds = Math.max(1e-9, (nanoTime.getAsLong() - started) / 1e9);
      ReplayReport.Run run = new ReplayReport.Run(sources, linesRead, linesInRange, bytesBefore, first, last,
          options.since(), options.until(), options.account(), config.logZone().getId(), seconds, linesRead / seconds);
      return new ReportAssembler(config, options, facts, alerts, decisions, registry, driver.subjectStates(), samples)
          .assemble(run);
    }
  }

  private int flush(ReplayDriver driver, Batch batch, EventFacts facts, List<Alert> alerts,
      Map<String, AccountDecision> decisions, UnparsedSamples samples, SimpleMeterRegistry registry) {
    if (batch.records.isEmpty()) {
      return 0;
    }
    double unsupportedBefore = unsupported(registry);
    driver.pipe(batch.records);
    driver.drainAccountEvents().forEach(facts::add);
    alerts.addAll(driver.drainAlerts());
    driver.drainDecisions().forEach(d -> decisions.put(d.account(), d));
    int dead = driver.drainDeadLetters().size();
    driver.discardOtherOutputs();
    if (unsupported(registry) > unsupportedBefore && samples.wantsMore()) {
      samples.collect(batch.lines, batch.times);
    }
    batch.clear();
    return dead;
  }

  private static double unsupported(SimpleMeterRegistry registry) {
    return registry.find("sentinel.parse.lines").tag("outcome", "unsupported").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  /** A time at or after every line of the file, to infer the year of classic syslog timestamps. */
  private Instant reference(Path file) throws IOException {
    if (options.year() != null) {
      return LocalDateTime.of(options.year(), 12, 31, 23, 59, 59).atZone(config.logZone()).toInstant();
    }
    // Rotated files are closed after their last line; a minute of slack covers clock skew.
    return Files.getLastModifiedTime(file).toInstant().plus(Duration.ofMinutes(1));
  }

  private static boolean isGzip(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /** Lines waiting to be piped, with what the unparsed samples need to re-read them. */
  private static final class Batch {
    final List<TestRecord<String, byte[]>> records;
    final List<String> lines;
    final List<Instant> times;
    final int size;

    Batch(int size) {
      this.size = size;
      this.records = new ArrayList<>(size);
      this.lines = new ArrayList<>(size);
      this.times = new ArrayList<>(size);
    }

    void add(String host, String line, Instant t) {
      records.add(new TestRecord<>(host, line.getBytes(StandardCharsets.UTF_8), null, t));
      lines.add(line);
      times.add(t);
    }

    boolean full() {
      return records.size() >= size;
    }

    void clear() {
      records.clear();
      lines.clear();
      times.clear();
    }
  }
}
