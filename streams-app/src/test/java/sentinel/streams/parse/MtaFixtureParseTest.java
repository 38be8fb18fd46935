package sentinel.streams.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sentinel.common.json.Json;

/**
 * One table per MTA: each scenario is a file of log lines under {@code parse/<mta>/} (real lines
 * from the lab, and real lines bent into the nasty cases: IPv6, quoted and UTF-8 addresses, cut-off
 * lines, look-alike fields), with an expected-result JSON next to it listing, line by line, the
 * result type and the event with every field.
 */
class MtaFixtureParseTest {
  private static final ObjectMapper JSON = Json.newMapper();
  private static final Instant READ_AT = Instant.parse("2026-11-25T15:00:00Z");
  private final MtaLineParser parser = new MtaLineParser(ZoneOffset.UTC, MtaParsers.all());

  static Stream<Arguments> postfix() {
    return Stream.of(Arguments.of("postfix/nasty-lines"));
  }

  static Stream<Arguments> exim() {
    return Stream.of(Arguments.of("exim/nasty-lines"));
  }

  static Stream<Arguments> sendmail() {
    return Stream.of(Arguments.of("sendmail/nasty-lines"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("postfix")
  void readsEveryPostfixLineAsTheExpectedEvent(String scenario) throws IOException {
    assertScenario(scenario);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exim")
  void readsEveryEximLineAsTheExpectedEvent(String scenario) throws IOException {
    assertScenario(scenario);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sendmail")
  void readsEverySendmailLineAsTheExpectedEvent(String scenario) throws IOException {
    assertScenario(scenario);
  }

  private void assertScenario(String scenario) throws IOException {
    List<String> lines = new String(resource(scenario + ".log"), StandardCharsets.UTF_8).lines().toList();
    JsonNode expected = JSON.readTree(resource(scenario + ".expected.json"));
    assertThat(expected.size()).as("one expectation per line").isEqualTo(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      ParseResult r = parser.parse(lines.get(i), "mx", READ_AT);
      JsonNode e = expected.get(i);
      String where = scenario + " line " + (i + 1);
      assertThat(r.getClass().getSimpleName()).as(where).isEqualTo(e.get("result").asText());
      if (r instanceof ParseResult.Parsed p) {
        assertThat(p.event().getClass().getSimpleName()).as(where).isEqualTo(e.get("event").asText());
        assertThat(JSON.readTree(JSON.writeValueAsString(p.event()))).as(where).isEqualTo(e.get("fields"));
      } else {
        String reason = r instanceof ParseResult.Ignored ig ? ig.reason() : ((ParseResult.Unsupported) r).reason();
        assertThat(reason).as(where).isEqualTo(e.get("reason").asText());
      }
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = MtaFixtureParseTest.class.getResourceAsStream("/parse/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
