package sentinel.streams.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

  @Test
  void randomInstantsAsShippersPrintThemParseAsInstantParseDoes() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L), random.nextInt(1_000_000_000));
      Instant truncated = i % 3 == 0 ? Instant.ofEpochMilli(t.toEpochMilli()) : i % 3 == 1 ? Instant.ofEpochSecond(t.getEpochSecond()) : t;

      assertThat(IsoInstants.parse(truncated.toString())).isEqualTo(truncated);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2026-11-25T10:00:01Z", "2026-11-25T10:00:01.5Z", "2026-11-25T10:00:01.123456789Z", "2024-02-29T23:59:59.000Z",
      "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
  })
  void acceptedTextGivesWhatInstantParseGives(String text) {
    assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2026-02-30T10:00:01Z", "2026-13-01T10:00:01Z", "2025-02-29T10:00:01Z", "2026-11-25T10:00:01.1234567890Z", "2026-11-25 10:00:01Z", "2026-11-25T10:00:01",
      "2026-1a-25T10:00:01Z", "yesterday", "",
  })
  void rejectedTextThrowsAsInstantParseDoes(String text) {
    assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
  }
}
