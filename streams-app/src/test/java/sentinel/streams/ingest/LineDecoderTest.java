package sentinel.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LineDecoderTest {
  private static final Instant RECORD_TIME = Instant.parse("2026-11-25T10:00:00Z");
  private final LineDecoder decoder = new LineDecoder();

  private Optional<LogLine> decode(String value) {
    return decoder.decode("mx-key", value.getBytes(StandardCharsets.UTF_8), RECORD_TIME);
  }

  @Test
  void theShippersEnvelopeGivesEveryField() {
    assertThat(decode("{\"host\":\"mx1\",\"source\":\"/var/log/mail.log\",\"fileId\":\"f-1\",\"offset\":1234,"
        + "\"readAt\":\"2026-11-25T10:00:01.123456Z\",\"line\":\"Nov 25 10:00:01 mx1 postfix/qmgr[1]: \\\"q\\\" \\u00e9\"}"))
        .contains(new LogLine("mx1", "/var/log/mail.log", "f-1", 1234, Instant.parse("2026-11-25T10:00:01.123456Z"),
            "Nov 25 10:00:01 mx1 postfix/qmgr[1]: \"q\" \u00e9"));
  }

  @Test
  void anEnvelopeWithoutHostPositionOrValidTimeFallsBackToKeyAndRecordTime() {
    assertThat(decode("{\"readAt\":\"yesterday\",\"line\":\"text\",\"host\":null}"))
        .contains(new LogLine("mx-key", null, null, -1, RECORD_TIME, "text"));
  }

  @Test
  void filebeatRecordsGiveHostNameFilePathAndOffset() {
    assertThat(decode("{\"@timestamp\":\"2026-11-25T10:00:02.5Z\",\"agent\":{\"type\":\"filebeat\",\"tags\":[1,{\"a\":null}]},"
        + "\"host\":{\"name\":\"mx2\",\"ip\":[\"10.0.0.1\"]},\"log\":{\"offset\":77,\"file\":{\"path\":\"/var/log/maillog\"}},"
        + "\"message\":\"a line\\n\"}"))
        .contains(new LogLine("mx2", "/var/log/maillog", "/var/log/maillog", 77, Instant.parse("2026-11-25T10:00:02.5Z"), "a line"));
  }

  @Test
  void vectorRecordsGiveHostStringFileAndTimestamp() {
    assertThat(decode("{\"file\":\"/var/log/mail.log\",\"host\":\"mx3\",\"message\":\"a line\\r\\n\","
        + "\"source_type\":\"file\",\"timestamp\":\"2026-11-25T10:00:03Z\"}"))
        .contains(new LogLine("mx3", "/var/log/mail.log", null, -1, Instant.parse("2026-11-25T10:00:03Z"), "a line"));
  }

  @Test
  void plainTextAndBrokenJsonAreLines() {
    assertThat(decode("Nov 25 10:00:01 mx1 postfix/smtpd[2]: connect\n"))
        .contains(new LogLine("mx-key", null, null, -1, RECORD_TIME, "Nov 25 10:00:01 mx1 postfix/smtpd[2]: connect"));
    assertThat(decode("{not json")).contains(new LogLine("mx-key", null, null, -1, RECORD_TIME, "{not json"));
  }

  @Test
  void jsonOfNoKnownShapeAndEmptyRecordsAreNoLine() {
    assertThat(decode("{\"level\":\"info\",\"msg\":\"hello\"}")).isEmpty();
    assertThat(decoder.decode("k", new byte[0], RECORD_TIME)).isEmpty();
    assertThat(decoder.decode("k", null, RECORD_TIME)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"host\":\"mx1\",\"source\":\"/s\",\"fileId\":\"f\",\"offset\":5,\"readAt\":\"2026-11-25T10:00:01Z\",\"line\":\"l\"}",
      "{\"@timestamp\":\"t\",\"host\":{\"name\":\"mx2\"},\"log\":{\"offset\":7,\"file\":{\"path\":\"/p\"}},\"message\":\"m\"}",
      "{\"file\":\"/f\",\"host\":\"mx3\",\"message\":\"m\",\"timestamp\":\"t\",\"extra\":[{\"x\":1}]}",
  })
  void theShapesShippersSendAreReadWithoutATree(String json) throws Exception {
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      assertThat(ShippedFields.scan(parser)).isNotNull();
    }
  }

  /** The streaming pass must decide exactly as the tree decoder, including the shapes it hands over to it. */
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"host\":\"mx1\",\"fileId\":\"f\",\"offset\":5,\"readAt\":\"2026-11-25T10:00:01Z\",\"line\":\"l\"}",
      "{\"line\":\"first\",\"line\":\"second\"}",
      "{\"line\":42,\"host\":\"mx1\"}",
      "{\"line\":{\"nested\":true}}",
      "{\"line\":null,\"message\":\"m\"}",
      "{\"line\":\"l\",\"offset\":\"12\"}",
      "{\"line\":\"l\",\"offset\":1.9}",
      "{\"line\":\"l\",\"offset\":123456789012345678901234567890}",
      "{\"line\":\"l\",\"offset\":null}",
      "{\"line\":\"l\",\"host\":{\"name\":\"mx9\"}}",
      "{\"line\":\"l\",\"host\":7}",
      "{\"line\":\"l\",\"readAt\":17}",
      "{\"line\":\"l\"} trailing",
      "{\"message\":\"m\",\"host\":{\"ip\":\"10.0.0.1\"}}",
      "{\"message\":\"m\",\"host\":{\"name\":null}}",
      "{\"message\":\"m\",\"host\":{\"name\":\"a\",\"name\":\"b\"}}",
      "{\"message\":\"m\",\"log\":\"text\",\"file\":\"/f\"}",
      "{\"message\":\"m\",\"log\":null,\"file\":\"/f\"}",
      "{\"message\":\"m\",\"log\":{\"file\":{\"path\":7}},\"file\":\"/f\"}",
      "{\"message\":\"m\",\"log\":{\"offset\":3},\"file\":\"/f\"}",
      "{\"message\":\"m\",\"log\":{\"offset\":-3,\"file\":{\"path\":\"/p\"}}}",
      "{\"message\":\"m\",\"log\":{\"file\":{\"path\":\"/p\"}},\"log\":{\"offset\":4}}",
      "{\"message\":\"m\",\"@timestamp\":\"bad\",\"timestamp\":\"2026-11-25T10:00:03Z\"}",
      "{\"message\":[\"m\"]}",
      "{\"message\":\"m\",\"other\":\"bad escape \\q\"}",
      "{\"message\":\"m\",",
      "{}",
  })
  void decidesAsTheTreeDecoderDoes(String json) {
    byte[] value = json.getBytes(StandardCharsets.UTF_8);

    assertThat(decoder.decode("mx-key", value, RECORD_TIME)).isEqualTo(decoder.decodeTree("mx-key", value, RECORD_TIME));
  }
}
