package sentinel.streams.simulate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import sentinel.common.config.ConfigSource;
import sentinel.common.contract.AccountDecision;
import sentinel.streams.SentinelTopology;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.geo.CountryLookup;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.model.Alert;
import sentinel.streams.simulate.LeakedPasswordStory.TimedLine;
import sentinel.streams.topics.Topics;

/**
 * Runs a simulated log through the real topology in-process (Kafka Streams' TopologyTestDriver, no
 * broker) and compares what it concluded with the scenario's ground truth.
 */
public final class ScenarioRunner {
  /** The simulated provider's own setting: its customers are in DE, AT and CH. */
  public static final Map<String, String> PROVIDER_SETTINGS = Map.of("detection.geo.expected.countries", "DE,AT,CH");

  /**
   * What the monitor concluded.
   *
   * @param firstAlert the first alert about the scenario's subject, if any
   * @param verdict the strongest alert type about the subject (COMPROMISED over SUSPICIOUS)
   * @param timeToDetect from the incident's start to the first alert (simulated clock)
   * @param messagesBeforeDecision incident messages submitted before the first decision (or alert, for
   *     subjects without decisions)
   * @param falseAlerts alerts after the warm-up about subjects that did nothing wrong
   */
  public record Outcome(
      HostingSimulation.Run run, List<Alert> alerts, List<AccountDecision> decisions, Optional<Alert> firstAlert,
      Optional<String> verdict, Optional<Duration> timeToDetect, long messagesBeforeDecision, List<Alert> falseAlerts, long lines,
      Duration elapsed) {

    public boolean flagged() {
      return firstAlert.isPresent();
    }

    public boolean asExpected() {
      Scenario s = run.scenario();
      return falseAlerts.isEmpty() && (s.expectsFlag() ? verdict.filter(s.expectedType()::equals).isPresent() : !flagged());
    }

    public double falseAlertsPer10kAccountDays() {
      return falseAlerts.size() * 10_000 / run.accountDays();
    }
  }

  private ScenarioRunner() {}

  public static Outcome run(HostingSimulation.Run run, Map<String, String> settings, CountryLookup geo) {
    Map<String, String> all = new HashMap<>(PROVIDER_SETTINGS);
    all.put("parse.timezone", "UTC");
    all.put("monitor.state.in.memory", "true");
    all.putAll(settings);
    MonitorConfig config = MonitorConfig.from(new ConfigSource(all, Map.of(), Map.of()));
    Topics topics = Topics.from(config.topics());
    SentinelMeters meters = new SentinelMeters(new SimpleMeterRegistry(), Clock.fixed(run.start(), ZoneOffset.UTC), 5);
    Path stateDir = tempDir();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sentinel-simulation");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "in-process:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
    long t0 = System.nanoTime();
    try (TopologyTestDriver driver = new TopologyTestDriver(SentinelTopology.build(config, topics, meters, geo), props, run.start())) {
      TestInputTopic<String, byte[]> raw = driver.createInputTopic(topics.raw().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
      for (TimedLine l : run.lines()) {
        raw.pipeInput(HostingSimulation.HOST, l.line().getBytes(StandardCharsets.UTF_8), l.at());
      }
      TestOutputTopic<String, Alert> alertsOut = driver.createOutputTopic(topics.alerts().name(), Serdes.String().deserializer(),
          topics.alerts().valueSerde().deserializer());
      TestOutputTopic<String, AccountDecision> decisionsOut = driver.createOutputTopic(topics.accountStatus().name(),
          Serdes.String().deserializer(), topics.accountStatus().valueSerde().deserializer());
      List<Alert> alerts = alertsOut.readValuesToList();
      List<AccountDecision> decisions = decisionsOut.readValuesToList();
      return judge(run, alerts, decisions, Duration.ofNanos(System.nanoTime() - t0));
    } finally {
      deleteQuietly(stateDir);
    }
  }

  static Outcome judge(HostingSimulation.Run run, List<Alert> alerts, List<AccountDecision> decisions, Duration elapsed) {
    // Alerts while baselines are still being learned (the warm-up) are not judged either way.
    List<Alert> judged = alerts.stream().filter(a -> !a.detectedAt().isBefore(run.warmUpEnd())).toList();
    Optional<Alert> first = judged.stream().filter(a -> a.subject().equals(run.subject())).min(Comparator.comparing(Alert::detectedAt));
    Optional<String> verdict = judged.stream().filter(a -> a.subject().equals(run.subject())).map(Alert::type)
        .max(Comparator.comparingInt(ScenarioRunner::strength));
    Optional<Instant> decidedAt = decisions.stream().filter(d -> d.account().equals(run.subject())).map(AccountDecision::since)
        .min(Comparator.naturalOrder()).or(() -> first.map(Alert::detectedAt));
    long before = decidedAt.map(at -> run.incidentMessages().stream().filter(t -> t.isBefore(at)).count())
        .orElse((long) run.incidentMessages().size());
    List<Alert> falseAlerts = judged.stream()
        .filter(a -> !run.scenario().expectsFlag() || !run.incidentSubjects().contains(a.subject()))
        .toList();
    Optional<Duration> ttd = first.map(a -> Duration.between(run.incidentStart(), a.detectedAt()));
    return new Outcome(run, alerts, decisions, first, verdict, ttd, before, falseAlerts, run.lines().size(), elapsed);
  }

  private static int strength(String type) {
    return switch (type) {
      case "COMPROMISED" -> 3;
      case "SUSPICIOUS" -> 2;
      default -> 1;
    };
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("sentinel-simulation");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // Only a temporary directory is left behind.
    }
  }
}
