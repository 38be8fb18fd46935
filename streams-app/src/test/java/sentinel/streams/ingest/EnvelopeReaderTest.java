package sentinel.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.common.json.Json;

class EnvelopeReaderTest {
  private static final Instant RECORD_TIME = Instant.parse("2026-11-25T10:00:00Z");
  private final ObjectMapper mapper = Json.newMapper();
  private final LineDecoder reference = new LineDecoder();

  private byte[] envelope(String host, String source, String fileId, long offset, Instant readAt, String line) throws Exception {
    return mapper.writeValueAsBytes(new RawLineEnvelope(host, source, fileId, offset, readAt, line));
  }

  @Test
  void readsWhatTheShipperWritesExactlyAsTheJsonTreeDoes() throws Exception {
    Random random = new Random(42);
    EnvelopeReader reader = new EnvelopeReader();
    int readByPosition = 0;
    int asciiWithOrdinaryOffset = 0;
    for (int i = 0; i < 5_000; i++) {
      String line = randomLine(random);
      long offset = Math.abs(random.nextLong() >> random.nextInt(64));
      if (line.chars().allMatch(c -> c < 0x80) && offset >= 0 && offset < 1_000_000_000_000_000_000L) {
        asciiWithOrdinaryOffset++;
      }
      byte[] value = envelope("mx" + random.nextInt(3), "/var/log/mail.log", "dev1-ino" + random.nextInt(2),
          offset, Instant.ofEpochSecond(1_764_000_000L + random.nextInt(3), random.nextInt(3) * 1000), line);
      LogLine fast = reader.read(value);
      Optional<LogLine> tree = reference.decodeTree("key", value, RECORD_TIME);
      if (fast != null) {
        readByPosition++;
        assertThat(Optional.of(fast)).as(new String(value, StandardCharsets.UTF_8)).isEqualTo(tree);
      }
    }
    // Only lines with bytes above 0x7F and offsets of 19 digits leave this reader.
    assertThat(readByPosition).isEqualTo(asciiWithOrdinaryOffset).isGreaterThan(3_000);
  }

  @Test
  void undoesTheEscapesJsonWritesForQuotesBackslashesAndControlCharacters() throws Exception {
    String line = "Nov 25 10:00:01 mx1 postfix/cleanup[9]: ABC: warning: header Subject: \"hi\" \\ tab\there \u0001 from x";
    assertThat(new EnvelopeReader().read(envelope("mx1", "/var/log/mail.log", "f", 0, RECORD_TIME, line)))
        .isEqualTo(new LogLine("mx1", "/var/log/mail.log", "f", 0, RECORD_TIME, line));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"host\":\"mx1\",\"source\":\"s\",\"fileId\":\"f\",\"offset\":1,\"readAt\":\"2026-11-25T10:00:00Z\",\"line\":\"l\",\"x\":1}",
      "{\"host\":\"mx1\",\"source\":\"s\",\"fileId\":\"f\",\"offset\":01,\"readAt\":\"2026-11-25T10:00:00Z\",\"line\":\"l\"}",
      "{\"host\":\"mx1\",\"source\":\"s\",\"fileId\":\"f\",\"offset\":-1,\"readAt\":\"2026-11-25T10:00:00Z\",\"line\":\"l\"}",
      "{\"host\":\"mx1\",\"source\":\"s\",\"fileId\":\"f\",\"offset\":1,\"readAt\":\"yesterday\",\"line\":\"l\"}",
      "{\"host\":\"mx1\",\"source\":\"s\",\"fileId\":\"f\",\"offset\":1,\"readAt\":\"2026-11-25T10:00:00Z\",\"line\":\"a\"b\"}",
      "{\"host\":\"mx1\",\"source\":\"s\",\"fileId\":\"f\",\"offset\":1,\"readAt\":\"2026-11-25T10:00:00Z\",\"line\":\"bad \\q\"}",
      "{\"host\":\"mx1\",\"source\":\"s\",\"fileId\":\"f\",\"offset\":1,\"readAt\":\"2026-11-25T10:00:00Z\",\"line\":\"cut \\u00\"}",
      "{\"host\":\"mx1\",\"source\":\"s\",\"fileId\":\"f\",\"offset\":1,\"readAt\":\"2026-11-25T10:00:00Z\",\"line\":\"é\"}",
      "{\"host\":\"m\\\"x\",\"source\":\"s\",\"fileId\":\"f\",\"offset\":1,\"readAt\":\"2026-11-25T10:00:00Z\",\"line\":\"l\"}",
      "{\"host\":\"mx1\",\"source\":null,\"fileId\":\"f\",\"offset\":1,\"readAt\":\"2026-11-25T10:00:00Z\",\"line\":\"l\"}",
      "{\"host\":\"mx1\",\"source\":\"s\",\"fileId\":\"f\",\"offset\":12345678901234567890,\"readAt\":\"2026-11-25T10:00:00Z\",\"line\":\"l\"}",
      "{\"host\":\"mx1\",\"source\":\"s\",\"fileId\":\"f\",\"offset\":1,\"readAt\":\"2026-11-25T10:00:00Z\",\"line\":\"l\"",
      "{\"host\":\"mx1\"}"})
  void leavesEveryOtherShapeToTheGeneralPath(String json) {
    assertThat(new EnvelopeReader().read(json.getBytes(StandardCharsets.UTF_8))).isNull();
  }

  @Test
  void reusesRepeatedHeaderFieldsButNotAcrossChangedBytes() throws Exception {
    EnvelopeReader reader = new EnvelopeReader();
    LogLine first = reader.read(envelope("mx1", "/a", "f1", 1, RECORD_TIME, "one"));
    LogLine same = reader.read(envelope("mx1", "/a", "f1", 2, RECORD_TIME, "two"));
    LogLine other = reader.read(envelope("mx2", "/b", "f2", 3, RECORD_TIME.plusSeconds(1), "three"));

    assertThat(same.host()).isSameAs(first.host());
    assertThat(same.readAt()).isSameAs(first.readAt());
    assertThat(other).isEqualTo(new LogLine("mx2", "/b", "f2", 3, RECORD_TIME.plusSeconds(1), "three"));
  }

  private static String randomLine(Random random) {
    StringBuilder sb = new StringBuilder("Nov 25 10:00:01 mx1 postfix/smtp[7]: 4Xy: to=<a@b>, status=sent ");
    int n = random.nextInt(40);
    for (int i = 0; i < n; i++) {
      int pick = random.nextInt(100);
      if (pick < 2) {
        sb.append((char) random.nextInt(0x20)); // control characters, escaped by the writer
      } else if (pick < 4) {
        sb.append(random.nextBoolean() ? '"' : '\\');
      } else if (pick < 5) {
        sb.append('\u00e9'); // above 0x7F: the general path's
      } else {
        sb.append((char) (0x20 + random.nextInt(0x5f)));
      }
    }
    return sb.toString();
  }
}
