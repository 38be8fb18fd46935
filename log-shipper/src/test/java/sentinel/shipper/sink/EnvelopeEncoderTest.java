package sentinel.shipper.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.common.json.JsonSerde;
import sentinel.shipper.tail.RawLine;

class EnvelopeEncoderTest {
  private static final Instant READ_AT = Instant.parse("2026-11-25T14:51:13.132456Z");
  private final Serializer<RawLineEnvelope> jackson = new JsonSerde<>(RawLineEnvelope.class).serializer();
  private final EnvelopeEncoder encoder = new EnvelopeEncoder();

  @Test
  void writesTheSameBytesAsJacksonForAsciiLinesWithEveryCharacterJsonEscapes() {
    List<String> lines = List.of(
        "Nov 25 14:51:13 mx1 postfix/smtpd[4242]: 3F2A1B4C5D: client=unknown[192.0.2.7], sasl_username=a@b.example",
        "", "quote \" and backslash \\ and slash /", "tab\there, cr\r, bell\u0007, nul\u0000, esc\u001b, del\u007f, us\u001f",
        "backspace\b formfeed\f", "{\"looks\":\"like json\"}");
    EnvelopeEncoder.Template t = encoder.template("mx1", "/var/log/mail.log", "fe00-1a2b-9f3c", READ_AT);
    for (String line : lines) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);

      byte[] encoded = encoder.encode(t, new RawLine(123_456_789L, 123_456_789L + bytes.length + 1, bytes, false));

      assertThat(text(encoded)).as(line).isEqualTo(text(jackson.serialize("t",
          new RawLineEnvelope("mx1", "/var/log/mail.log", "fe00-1a2b-9f3c", 123_456_789L, READ_AT, line))));
      assertThat(encoder.lastLineSanitized()).isFalse();
    }
  }

  @Test
  void encodesALineThatIsAViewIntoItsReadChunkExactlyAsTheSameLineOnItsOwn() {
    // Given lines cut from the middle of one chunk, between neighbours that JSON would escape
    String chunk = "\"\\\u0001first line\n" + "sasl_username=\"x\" é\n" + "é\u0007third\n";
    byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
    EnvelopeEncoder.Template t = encoder.template("mx1", "/var/log/mail.log", "f", READ_AT);
    List<RawLine> views = new java.util.ArrayList<>();
    new sentinel.shipper.tail.LineSplitter(1024, 500).feed(bytes, 0, bytes.length, views::add);
    assertThat(views).hasSize(3).allSatisfy(v -> assertThat(v.buffer()).isSameAs(bytes));

    for (RawLine view : views) {
      // When it is encoded in place, and as a copy of its own
      byte[] inPlace = encoder.encode(t, view);
      boolean inPlaceSanitized = encoder.lastLineSanitized();
      byte[] alone = encoder.encode(t, new RawLine(view.offset(), view.endOffset(), view.bytes(), false));

      // Then both give the same envelope, and Jackson's
      assertThat(text(inPlace)).isEqualTo(text(alone)).isEqualTo(text(jackson.serialize("t", new RawLineEnvelope("mx1",
          "/var/log/mail.log", "f", view.offset(), READ_AT, new String(view.bytes(), StandardCharsets.UTF_8)))));
      assertThat(inPlaceSanitized).isFalse();
    }
  }

  @Test
  void writesTheSameBytesAsJacksonForNonAsciiLinesAndTheirTextAsDecoded() {
    List<String> lines = List.of("café – ünïcödé 漢字 and an emoji \uD83D\uDE00", "ascii then é at the end é");
    EnvelopeEncoder.Template t = encoder.template("mx1", "/var/log/mail.log", "f", READ_AT);
    for (String line : lines) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);

      byte[] encoded = encoder.encode(t, new RawLine(7, 8 + bytes.length, bytes, false));

      assertThat(encoded).as(line).isEqualTo(jackson.serialize("t",
          new RawLineEnvelope("mx1", "/var/log/mail.log", "f", 7, READ_AT, line)));
      assertThat(encoder.lastLineSanitized()).isFalse();
    }
  }

  @Test
  void replacesInvalidUtf8AndSaysSo() {
    // Given a line with a byte that is not UTF-8
    byte[] bytes = {'a', (byte) 0xff, 'b'};
    EnvelopeEncoder.Template t = encoder.template("h", "s", "f", READ_AT);

    byte[] encoded = encoder.encode(t, new RawLine(0, 4, bytes, false));

    assertThat(encoded).isEqualTo(jackson.serialize("t", new RawLineEnvelope("h", "s", "f", 0, READ_AT, "a\uFFFDb")));
    assertThat(encoder.lastLineSanitized()).isTrue();

    // And the next clean line is not reported
    encoder.encode(t, new RawLine(4, 6, new byte[] {'c'}, false));
    assertThat(encoder.lastLineSanitized()).isFalse();
  }

  @Test
  void dropsAMultiByteCharacterCutByTruncationAsTheDecoderDoes() {
    // Given a line cut in the middle of "é" (0xC3 0xA9)
    byte[] cut = Arrays.copyOf("abé".getBytes(StandardCharsets.UTF_8), 3);
    EnvelopeEncoder.Template t = encoder.template("h", "s", "f", READ_AT);

    byte[] encoded = encoder.encode(t, new RawLine(0, 100, cut, true));

    assertThat(text(encoded)).isEqualTo(text(jackson.serialize("t", new RawLineEnvelope("h", "s", "f", 0, READ_AT, "ab"))));
    assertThat(encoder.lastLineSanitized()).isFalse();
  }

  @Test
  void writesEveryOffsetAndEscapesTheFixedFieldsAsJacksonDoes() {
    EnvelopeEncoder.Template t = encoder.template("mx \"1\"", "C:\\logs\\mail.log", "f\u0001", READ_AT);
    for (long offset : new long[] {0, 9, 10, 99, 1_000_000_007L, Long.MAX_VALUE}) {
      byte[] encoded = encoder.encode(t, new RawLine(offset, offset, "x".getBytes(StandardCharsets.UTF_8), false));

      assertThat(text(encoded)).as("offset %d", offset).isEqualTo(text(jackson.serialize("t",
          new RawLineEnvelope("mx \"1\"", "C:\\logs\\mail.log", "f\u0001", offset, READ_AT, "x"))));
    }
  }

  @Test
  void growsItsBufferForALongLineFullOfEscapes() {
    String line = "\u0001\"".repeat(5000);
    EnvelopeEncoder.Template t = encoder.template("h", "s", "f", READ_AT);

    byte[] encoded = encoder.encode(t, new RawLine(0, 10_001, line.getBytes(StandardCharsets.UTF_8), false));

    assertThat(encoded).isEqualTo(jackson.serialize("t", new RawLineEnvelope("h", "s", "f", 0, READ_AT, line)));
  }

  @Test
  void knowsWhichFileAndPassATemplateWasMadeFor() {
    EnvelopeEncoder.Template t = encoder.template("h", "s", "f", READ_AT);

    assertThat(t.isFor("h", "s", "f", READ_AT)).isTrue();
    assertThat(t.isFor("h", "s2", "f", READ_AT)).isFalse();
    assertThat(t.isFor("h", "s", "f.1", READ_AT)).isFalse();
    assertThat(t.isFor("h", "s", "f", READ_AT.plusMillis(1))).isFalse();
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
