package sentinel.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.detect.SubjectState;
import sentinel.streams.detect.SubjectStateSerde;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.replay.ReplayDriver.Commits;

/** Committing once per batch instead of after every record changes nothing the topology emits or keeps. */
class CommitPerBatchPipeTest {
  private static final Instant START = Instant.parse("2026-11-24T06:00:00Z");

  @TempDir Path dir;

  @Test
  void aCommitPerBatchGivesTheSameOutputsInTheSameOrderAndTheSameStateAsACommitPerRecord() throws Exception {
    // Given a log with ordinary customers and, after 25 minutes, a leaked password used from a botnet,
    // and a submission whose queue manager never logged it: only the correlator's stream-time
    // punctuation counts that one, when its entry expires
    Path story = dir.resolve("story.log");
    StoryLog.write(story, StoryLog.story(6, Duration.ofMinutes(25), 0.5), START, Duration.ofMinutes(35).toSeconds(), 5, false);
    Path log = dir.resolve("mail.log");
    List<String> lines = new ArrayList<>(List.of(
        "Nov 24 06:00:00 mx1 postfix/submission/smtpd[90]: 9F00000001: client=stuck.example.net[192.0.2.99], sasl_method=PLAIN, sasl_username=stuck@example.test",
        "Nov 24 06:00:00 mx1 postfix/cleanup[91]: 9F00000001: message-id=<stuck@example.test>"));
    lines.addAll(Files.readAllLines(story));
    Files.write(log, lines);
    MonitorConfig config = ReplayRunner.config(Map.of("correlation.max.age", "10m", "correlation.removed.grace", "1m"));

    // When it is replayed both ways
    Outcome perRecord = replay(log, config, Commits.PER_RECORD);
    Outcome perBatch = replay(log, config, Commits.PER_BATCH);

    // Then the batched driver really took the batched path, and saw the leak
    assertThat(perBatch.batched()).isTrue();
    assertThat(perRecord.batched()).isFalse();
    assertThat(perBatch.alerts()).isNotEmpty();
    assertThat(perBatch.decisions()).isNotEmpty();
    assertThat(perRecord.accountEvents()).as("the expired submission was counted").anyMatch(e -> e.contains("stuck@example.test"));
    // And everything it emitted, in order, and everything it kept, is what the per-record driver gave
    assertThat(perBatch.accountEvents()).hasSizeGreaterThan(100).isEqualTo(perRecord.accountEvents());
    assertThat(perBatch.alerts()).isEqualTo(perRecord.alerts());
    assertThat(perBatch.decisions()).isEqualTo(perRecord.decisions());
    assertThat(perBatch.deadLetters()).isEqualTo(perRecord.deadLetters());
    assertThat(perBatch.states()).isNotEmpty().isEqualTo(perRecord.states());
  }

  /** Everything as text (events and states in their serialized form), so equality means byte for byte. */
  private record Outcome(boolean batched, List<String> accountEvents, List<String> alerts, List<String> decisions,
      List<String> deadLetters, Map<String, String> states) {}

  private Outcome replay(Path log, MonitorConfig config, Commits commits) throws Exception {
    SentinelMeters meters = new SentinelMeters(new SimpleMeterRegistry(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), 5);
    List<String> events = new ArrayList<>();
    List<String> alerts = new ArrayList<>();
    List<String> decisions = new ArrayList<>();
    List<String> deadLetters = new ArrayList<>();
    Map<String, String> states = new TreeMap<>();
    SubjectStateSerde serde = new SubjectStateSerde();
    // Small batches: many commits, and batches that end in the middle of a message.
    ReplayOptions options = new ReplayOptions(List.of(log), null, null, null, 2026, "localhost", dir, 64);
    Path stateParent = Files.createDirectories(dir.resolve(commits.name()));
    try (ReplayDriver driver = new ReplayDriver(config, meters, stateParent, Instant.EPOCH, commits);
        LineFeed feed = new LineFeed(List.of(log), options, config.logZone())) {
      LineBatch batch;
      while ((batch = feed.next()) != null) {
        driver.pipe(batch.records());
        // Latin-1 maps bytes one to one: equal strings are equal bytes, and the names stay readable.
        driver.drainAccountEvents().forEach(v -> events.add(new String(v, StandardCharsets.ISO_8859_1)));
        driver.drainAlerts().forEach(a -> alerts.add(a.toString()));
        driver.drainDecisions().forEach(d -> decisions.add(d.toString()));
        deadLetters.addAll(driver.drainDeadLetters());
      }
      try (KeyValueIterator<String, SubjectState> it = driver.subjectStates().all()) {
        while (it.hasNext()) {
          KeyValue<String, SubjectState> kv = it.next();
          states.put(kv.key, Base64.getEncoder().encodeToString(serde.serializer().serialize("s", kv.value)));
        }
      }
      return new Outcome(driver.commitsPerBatch(), events, alerts, decisions, deadLetters, states);
    }
  }
}
