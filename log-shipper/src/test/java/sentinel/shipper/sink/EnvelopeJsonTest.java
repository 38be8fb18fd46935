package sentinel.shipper.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.common.json.JsonSerde;

class EnvelopeJsonTest {
  private final Serializer<RawLineEnvelope> jackson = new JsonSerde<>(RawLineEnvelope.class).serializer();
  private final EnvelopeJson fast = new EnvelopeJson();

  @Test
  void writesTheSameBytesAsJacksonForEveryKindOfLine() {
    List<String> lines = List.of(
        "Nov 25 14:51:13 mx1 postfix/smtpd[4242]: 3F2A1B4C5D: client=unknown[192.0.2.7], sasl_username=a@b.example",
        "", "quote \" and backslash \\ and slash /", "tab\there, cr\r, lf\n, bell\u0007, nul\u0000, esc\u001b, del\u007f",
        "backspace\b formfeed\f", "café – ünïcödé 漢字 and an emoji \uD83D\uDE00", "{\"looks\":\"like json\"}");
    for (String line : lines) {
      RawLineEnvelope e = new RawLineEnvelope("mx1", "/var/log/mail.log", "fe00-1a2b-9f3c", 123_456_789L,
          Instant.parse("2026-11-25T14:51:13.132456Z"), line);

      assertThat(new String(fast.serialize("t", e), StandardCharsets.UTF_8))
          .as(line).isEqualTo(new String(jackson.serialize("t", e), StandardCharsets.UTF_8));
    }
  }

  @Test
  void writesReadAtAsIsoInstantAtEveryPrecision() {
    List<String> instants = List.of("2026-11-25T14:51:00Z", "2026-11-25T14:51:13Z", "2026-11-25T14:51:13.100Z",
        "2026-11-25T14:51:13.132456Z", "2026-11-25T14:51:13.000000001Z", "2026-11-25T14:51:13.000100Z",
        "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "+12026-01-01T00:00:00Z");
    for (String s : instants) {
      RawLineEnvelope e = new RawLineEnvelope("h", "s", "f", 0, Instant.parse(s), "l");

      assertThat(new String(fast.serialize("t", e), StandardCharsets.UTF_8))
          .as(s).isEqualTo(new String(jackson.serialize("t", e), StandardCharsets.UTF_8));
    }
  }

  @Test
  void writesNullFieldsAsJacksonDoes() {
    RawLineEnvelope e = new RawLineEnvelope("h", null, null, -1, null, null);

    assertThat(fast.serialize("t", e)).isEqualTo(jackson.serialize("t", e));
    assertThat(fast.serialize("t", null)).isNull();
  }
}
