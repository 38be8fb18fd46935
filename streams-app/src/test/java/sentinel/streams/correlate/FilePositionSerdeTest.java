package sentinel.streams.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import sentinel.common.json.JsonSerde;

class FilePositionSerdeTest {
  private final FilePositionSerde serde = new FilePositionSerde();

  private FilePosition roundTrip(FilePosition p) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", p));
  }

  @Test
  void aPositionSurvivesTheRoundTripInSeventeenBytes() {
    FilePosition p = new FilePosition(123_456_789_012L, Instant.parse("2026-11-25T16:04:05.678Z"));

    assertThat(serde.serializer().serialize("t", p)).hasSize(17);
    assertThat(roundTrip(p)).isEqualTo(p);
  }

  @Test
  void extremeOffsetsAndTheEpochSurviveTheRoundTrip() {
    assertThat(roundTrip(new FilePosition(0, Instant.EPOCH))).isEqualTo(new FilePosition(0, Instant.EPOCH));
    FilePosition far = new FilePosition(Long.MAX_VALUE, Instant.parse("2100-01-01T00:00:00Z"));
    assertThat(roundTrip(far)).isEqualTo(far);
  }

  @Test
  void seenIsKeptToTheMillisecond() {
    FilePosition p = new FilePosition(42, Instant.parse("2026-11-25T16:04:05.678901234Z"));

    assertThat(roundTrip(p).seen()).isEqualTo(Instant.parse("2026-11-25T16:04:05.678Z"));
  }

  @Test
  void nullStaysNullBothWays() {
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void positionsWrittenByTheEarlierJsonSerdeAreStillRead() {
    FilePosition p = new FilePosition(9_000, Instant.parse("2026-11-25T16:04:05.123456Z"));
    byte[] json = new JsonSerde<>(FilePosition.class).serializer().serialize("t", p);

    assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(p);
  }

  @Test
  void bytesOfAnotherFormatAreRefused() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", "garbage".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class);
    byte[] futureVersion = serde.serializer().serialize("t", new FilePosition(1, Instant.EPOCH));
    futureVersion[0] = 2;
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", futureVersion))
        .isInstanceOf(SerializationException.class);
  }
}
