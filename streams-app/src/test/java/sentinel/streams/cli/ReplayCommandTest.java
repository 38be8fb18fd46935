package sentinel.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import sentinel.common.json.Json;
import sentinel.streams.simulate.PostfixLogWriter;

class ReplayCommandTest {
  @TempDir Path dir;

  private Path bruteForceLog() throws Exception {
    PostfixLogWriter w = new PostfixLogWriter("mx1", ZoneOffset.UTC, new Random(5));
    Instant t = Instant.parse("2026-11-24T10:00:00Z");
    List<String> lines = new ArrayList<>(w.authenticatedMessage(t, "alice@example.test", "198.51.100.1", List.of("a@remote.test")));
    for (int i = 0; i < 15; i++) {
      lines.add(w.authFailure(t.plusSeconds(60 + i), "203.0.113.66", "alice@example.test"));
    }
    Path log = dir.resolve("mail.log");
    Files.write(log, lines);
    return log;
  }

  private String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SentinelMain());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void printsTheVerdictFirstAndWritesTheHtmlReport() throws Exception {
    Path log = bruteForceLog();
    Path html = dir.resolve("report.html");
    String[] r = run("replay", log.toString(), "--out", html.toString(), "--no-progress", "--year", "2026",
        "--state-dir", dir.toString(), "-D", "parse.timezone=UTC");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(r[1]).contains("VERDICT").contains("IPs that brute-forced").contains("ip:203.0.113.66")
        .contains("HTML report: " + html.toAbsolutePath());
    assertThat(r[1].indexOf("VERDICT")).isLessThan(r[1].indexOf("OVERALL"));
    assertThat(Files.readString(html)).contains("data-subject=\"ip:203.0.113.66\"");
  }

  @Test
  void printsJsonForMachines() throws Exception {
    Path log = bruteForceLog();
    String[] r = run("replay", log.toString(), "--json", "--out", dir.resolve("r.html").toString(), "--no-progress",
        "--year", "2026", "--state-dir", dir.toString(), "-D", "parse.timezone=UTC", "--since", "2026-11-24T09:00");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    JsonNode json = Json.newMapper().readTree(r[1]);
    assertThat(json.at("/verdicts/0/id").asText()).isEqualTo("bruteforce");
    assertThat(json.at("/verdicts/0/findings/0/evidence/authFailures").asLong()).isEqualTo(15);
    assertThat(json.at("/overview/messages").asLong()).isEqualTo(1);
    assertThat(json.at("/run/since").asText()).isEqualTo("2026-11-24T09:00:00Z");
  }

  @Test
  void refusesAFileThatDoesNotExist() {
    String[] r = run("replay", dir.resolve("missing.log").toString(), "--no-progress");
    assertThat(r[0]).isNotEqualTo("0");
  }
}
