package sentinel.streams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import sentinel.common.json.JsonSerde;

class AccountEventSerdeTest {
  private static final Instant T = Instant.parse("2026-11-25T10:00:01.123456789Z");
  private static final Instant READ = Instant.parse("2026-11-25T10:00:02Z");
  private final AccountEventSerde serde = new AccountEventSerde();

  static List<AccountEvent> everyKind() {
    return List.of(
        new AccountEvent.MessageSubmitted("victim@customer-shop.example", "mx1", "4F2kQ1x2", "203.0.113.9", "", 42, T, READ),
        new AccountEvent.Login("victim@customer-shop.example", "mx1", "2001:db8::7", T, READ),
        new AccountEvent.Delivery("j\u00fcrgen@m\u00fcller.example", "mx2", MtaEvent.Outcome.BOUNCED, "5.1.1", T, null),
        new AccountEvent.LoginFailed("198.51.100.4", "mx3", null, T, READ),
        new AccountEvent.AccountLoginFailed("alice@example.com", "mx3", "198.51.100.4", T, READ),
        new AccountEvent.InboundBounce("alice@example.com", "mx1", "A1B2C3D4E5", T, READ));
  }

  private AccountEvent roundTrip(AccountEvent e) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", e));
  }

  @ParameterizedTest
  @MethodSource("everyKind")
  void everyKindSurvivesTheRoundTripWithNullsAndNonAsciiText(AccountEvent event) {
    assertThat(roundTrip(event)).isEqualTo(event);
  }

  @ParameterizedTest
  @MethodSource("everyKind")
  void eventsWrittenAsJsonByTheEarlierVersionAreStillRead(AccountEvent event) {
    byte[] json = new JsonSerde<>(AccountEvent.class).serializer().serialize("t", event);

    assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(event);
  }

  @Test
  void aMessageEventIsLessThanHalfTheSizeOfJson() {
    AccountEvent message = everyKind().get(0);
    byte[] json = new JsonSerde<>(AccountEvent.class).serializer().serialize("t", message);

    assertThat(serde.serializer().serialize("t", message).length * 2).isLessThan(json.length);
  }

  @Test
  void unknownVersionsKindsAndOutcomesAreSerializationErrors() {
    byte[] good = serde.serializer().serialize("t", everyKind().get(2));
    byte[] version = good.clone();
    version[0] = 9;
    byte[] kind = good.clone();
    kind[1] = 77;

    assertThatThrownBy(() -> serde.deserializer().deserialize("t", version))
        .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", kind))
        .isInstanceOf(SerializationException.class).hasMessageContaining("kind 77");
  }

  @Test
  void truncatedOrPaddedRecordsAreSerializationErrorsNotIndexErrors() {
    byte[] good = serde.serializer().serialize("t", everyKind().get(0));
    for (int n = 0; n < good.length; n++) {
      byte[] cut = Arrays.copyOf(good, n);
      assertThatThrownBy(() -> serde.deserializer().deserialize("t", cut)).as("cut at %d", n)
          .isInstanceOf(SerializationException.class);
    }
    byte[] padded = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", padded))
        .isInstanceOf(SerializationException.class).hasMessageContaining("trailing");
  }

  @Test
  void nullStaysNullBothWays() {
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }
}
