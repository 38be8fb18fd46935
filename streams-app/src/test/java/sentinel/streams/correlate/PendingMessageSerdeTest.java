package sentinel.streams.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import sentinel.common.json.JsonSerde;

class PendingMessageSerdeTest {
  private static final Instant T = Instant.parse("2026-11-25T10:00:01.123456789Z");
  private final PendingMessageSerde serde = new PendingMessageSerde();

  private static PendingMessage full() {
    return new PendingMessage("alice@example.com", "203.0.113.7", "", 3, T, true, T.plusSeconds(5), true,
        List.of("bob@example.net"), List.of("bob@example.net", "c\u00e9cile@example.org"),
        List.of(new PendingMessage.BufferedOutcome("dan@example.net", "BOUNCED", "5.1.1", false, T.plusSeconds(2), T.plusSeconds(3)),
            new PendingMessage.BufferedOutcome("eve@local", "DELIVERED", null, true, T, null)),
        new PendingMessage.Split("4F2kQ", 17, false, 2));
  }

  private PendingMessage roundTrip(PendingMessage m) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", m));
  }

  @Test
  void everyFieldSurvivesTheRoundTrip() {
    assertThat(roundTrip(full())).isEqualTo(full());
  }

  @Test
  void aJustSeenMessageWithNullsAndEmptyListsSurvivesTheRoundTrip() {
    PendingMessage first = PendingMessage.first(T);

    assertThat(roundTrip(first)).isEqualTo(first);
    assertThat(serde.serializer().serialize("t", first)).hasSizeLessThan(24);
  }

  @Test
  void itIsSeveralTimesSmallerThanJson() {
    byte[] json = new JsonSerde<>(PendingMessage.class).serializer().serialize("t", full());

    assertThat(serde.serializer().serialize("t", full()).length * 3).isLessThan(json.length);
  }

  @Test
  void messagesWrittenByTheEarlierJsonSerdeAreStillRead() {
    byte[] json = new JsonSerde<>(PendingMessage.class).serializer().serialize("t", full());

    assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(full());
  }

  @Test
  void nullStaysNullBothWays() {
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void truncatedOrFutureRecordsAreRefused() {
    byte[] bytes = serde.serializer().serialize("t", full());
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(SerializationException.class);
    bytes[0] = 2;
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes)).isInstanceOf(SerializationException.class);
  }
}
