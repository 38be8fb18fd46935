package sentinel.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seventy-five minutes of four ordinary customers; in the last fifteen minutes a leaked password
 * sends spam from twenty botnet IPs, a third of it to unknown users. Replayed once, asserted from several sides.
 */
class CompromisedAccountReplayTest {
  static final String VICTIM = "victim@customer-shop.example";
  static final Instant START = Instant.parse("2026-11-24T09:00:00Z");

  @TempDir static Path dir;
  static Path log;
  static List<String> lines;
  static ReplayReport report;

  @BeforeAll
  static void replayTheStory() throws IOException {
    log = dir.resolve("mail.log");
    StoryLog.write(log, StoryLog.story(4, Duration.ofMinutes(60), 0.25), START, Duration.ofMinutes(75).toSeconds(), 11, false);
    lines = Files.readAllLines(log);
    report = ReplayRunner.replay(List.of(log), dir);
  }

  @Test
  void judgesTheLeakedAccountCompromisedAndNobodyElse() {
    assertThat(report.verdicts()).extracting(ReplayReport.VerdictGroup::id).first().isEqualTo("compromised");
    ReplayReport.VerdictGroup compromised = report.verdicts().get(0);
    assertThat(compromised.findings()).extracting(ReplayReport.Finding::subject).containsExactly(VICTIM);
    // A log of 75 minutes gives the detectors no history, so milder verdicts on ordinary customers may
    // appear; none of them may be held.
    assertThat(report.verdicts().stream().flatMap(g -> g.findings().stream()).filter(f -> "HOLD".equals(f.decision()))
        .map(ReplayReport.Finding::subject)).as("only the victim is held").containsExactly(VICTIM);
  }

  @Test
  void showsTheEvidenceBehindTheVerdict() {
    ReplayReport.Finding victim = report.verdicts().get(0).findings().get(0);
    assertThat(victim.types()).contains("COMPROMISED");
    assertThat(victim.severity()).isEqualTo("critical");
    assertThat(victim.decision()).as("the live monitor would have held its mail").isEqualTo("HOLD");
    assertThat(victim.stillActive()).isTrue();
    ReplayReport.Evidence e = victim.evidence();
    assertThat(e.messages()).isEqualTo(lines.stream().filter(l -> l.contains("sasl_username=" + VICTIM)).count());
    assertThat(e.baselinePerHour()).as("the account sent nothing before the leak").isZero();
    assertThat(e.hourly()).extracting(ReplayReport.HourPoint::hour)
        .containsExactly(START, START.plusSeconds(3600));
    assertThat(e.hourly().get(1).count()).isEqualTo(e.messages());
    assertThat(e.bounceRatio()).isBetween(0.2, 0.4);
    assertThat(e.dsnCodes()).extracting(ReplayReport.Count::name).containsExactly("5.1.1");
    assertThat(e.clientIps()).hasSize(10).allSatisfy(ip -> assertThat(ip.ip()).startsWith("203.0.113."));
    assertThat(victim.actions().get(0)).contains("Reset the account's password");
    assertThat(victim.actions()).anySatisfy(a -> assertThat(a).contains("postsuper -H").contains("postsuper -d"));
  }

  @Test
  void countsEveryMessageDeliveryAndFailedLoginOfTheLogExactly() {
    ReplayReport.Overview o = report.overview();
    assertThat(o.messages()).isEqualTo(count("sasl_username=") - count("authentication failed"));
    assertThat(o.authFailures()).isEqualTo(count("authentication failed"));
    assertThat(o.sent()).isEqualTo(count("status=sent"));
    assertThat(o.bounced()).isEqualTo(count("status=bounced"));
    assertThat(o.hourly()).hasSize(2);
    assertThat(o.topSenders().get(0).account()).isEqualTo(VICTIM);
    assertThat(report.unparsed().unsupported()).isZero();
    assertThat(report.run().linesRead()).isEqualTo(lines.size());
    assertThat(report.unparsed().parsed() + report.unparsed().ignored()).isEqualTo(lines.size());
  }

  @Test
  void readsGzipAndRotatedFilesInTheOrderTheyWereWritten() throws IOException {
    // Given the same log rotated twice, cut in the middle of messages, the oldest part compressed
    Path rotated = Files.createDirectories(dir.resolve("rotated"));
    int third = lines.size() / 3 + 2;
    writeGzip(rotated.resolve("mail.log.2.gz"), lines.subList(0, third));
    Files.write(rotated.resolve("mail.log.1"), lines.subList(third, 2 * third));
    Files.write(rotated.resolve("mail.log"), lines.subList(2 * third, lines.size()));
    // When they are given newest first
    ReplayReport split = ReplayRunner.replay(
        List.of(rotated.resolve("mail.log"), rotated.resolve("mail.log.1"), rotated.resolve("mail.log.2.gz")), dir);
    // Then they are read oldest first and the report is the one of the whole log
    assertThat(split.run().files()).extracting(ReplayReport.SourceFile::name, ReplayReport.SourceFile::gzip)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("mail.log.2.gz", true),
            org.assertj.core.groups.Tuple.tuple("mail.log.1", false), org.assertj.core.groups.Tuple.tuple("mail.log", false));
    assertThat(split.overview()).isEqualTo(report.overview());
    assertThat(split.verdicts()).isEqualTo(report.verdicts());
    assertThat(split.run().linesRead()).isEqualTo(lines.size());
  }

  private long count(String fragment) {
    return lines.stream().filter(l -> l.contains(fragment)).count();
  }

  private static void writeGzip(Path file, List<String> content) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
      for (String l : content) {
        w.write(l);
        w.write('\n');
      }
    }
  }
}
