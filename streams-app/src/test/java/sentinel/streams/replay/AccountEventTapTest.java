package sentinel.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sentinel.streams.model.AccountEvent;

/** The report's tally gets every account event, in order, or the replay fails with the reason. */
@Timeout(60) // guards against a hang only; nothing here is timed
class AccountEventTapTest {
  private static final AccountEvent.LoginFailed FAILURE = new AccountEvent.LoginFailed(
      "192.0.2.1", "mx1", "x@example.test", java.time.Instant.EPOCH, java.time.Instant.EPOCH);

  @Test
  void everyEventReachesTheTallyInTheOrderTheTopologyWroteThem() {
    List<String> seen = new ArrayList<>();
    // A deserializer that records which value it was handed
    Deserializer<AccountEvent> named = (topic, data) -> {
      seen.add(new String(data, StandardCharsets.UTF_8));
      return FAILURE;
    };
    List<AccountEvent> tallied = new ArrayList<>();
    try (AccountEventTap tap = new AccountEventTap("t", named, tallied::add)) {
      for (int batch = 0; batch < 50; batch++) {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          values.add(String.valueOf(batch * 10 + i).getBytes(StandardCharsets.UTF_8));
        }
        tap.offer(values);
      }
      tap.finish();
    }

    assertThat(tallied).hasSize(500);
    assertThat(seen).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 500).mapToObj(String::valueOf).toList());
  }

  @Test
  void anUnreadableEventFailsTheReplayInsteadOfBeingDropped() {
    Deserializer<AccountEvent> broken = (topic, data) -> {
      throw new IllegalArgumentException("not an account event");
    };
    try (AccountEventTap tap = new AccountEventTap("t", broken, e -> { })) {
      tap.offer(List.of(new byte[] {1}));

      assertThatThrownBy(tap::finish).hasRootCauseMessage("not an account event");
    }
  }
}
