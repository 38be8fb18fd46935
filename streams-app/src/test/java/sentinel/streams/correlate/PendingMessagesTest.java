package sentinel.streams.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PendingMessagesTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final CorrelationSettings SETTINGS = new CorrelationSettings(Duration.ofMinutes(2), Duration.ofDays(6), Duration.ofDays(3));
  private KeyValueStore<String, PendingMessage> store;

  @BeforeEach
  void setUp() {
    store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("q"), Serdes.String(), new PendingMessageSerde())
        .withLoggingDisabled().withCachingDisabled().build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
  }

  @Test
  void aRemovedMessageExpiresOnlyAfterItsGraceAndAnOpenOneOnlyAfterTheMaximalAge() {
    PendingMessages pending = new PendingMessages(store, SETTINGS);
    pending.put("mx|A", PendingMessage.first(T0).removed(T0.plusSeconds(10)));
    pending.put("mx|B", PendingMessage.first(T0));

    assertThat(pending.expired(T0.plusSeconds(130))).isEmpty();
    assertThat(pending.expired(T0.plusSeconds(131))).extracting(kv -> kv.key).containsExactly("mx|A");
    assertThat(pending.expired(T0.plus(Duration.ofDays(6)).plusMillis(1))).extracting(kv -> kv.key).containsExactly("mx|A", "mx|B");
  }

  @Test
  void aLaterWriteMovesTheDeadlineAndADeleteForgetsTheEntry() {
    PendingMessages pending = new PendingMessages(store, SETTINGS);
    pending.put("mx|A", PendingMessage.first(T0).removed(T0));
    pending.put("mx|A", PendingMessage.first(T0)); // the ID reused: open again
    pending.put("mx|B", PendingMessage.first(T0).removed(T0));
    pending.delete("mx|B");

    assertThat(pending.expired(T0.plus(Duration.ofHours(1)))).isEmpty();
    assertThat(pending.indexed()).isEqualTo(1);
  }

  @Test
  void theIndexIsRebuiltFromTheStoreOnStart() {
    store.put("mx|old", PendingMessage.first(T0).removed(T0));
    store.put("mx|open", PendingMessage.first(T0));

    PendingMessages pending = new PendingMessages(store, SETTINGS);

    assertThat(pending.expired(T0.plus(Duration.ofMinutes(3))))
        .containsExactly(KeyValue.pair("mx|old", store.get("mx|old")));
  }

  @Test
  void dueEntriesComeInKeyOrderWhateverTheirDeadlines() {
    PendingMessages pending = new PendingMessages(store, SETTINGS);
    pending.put("mx|C", PendingMessage.first(T0).removed(T0));
    pending.put("mx|A", PendingMessage.first(T0).removed(T0.plusSeconds(30)));
    pending.put("mx|B", PendingMessage.first(T0).removed(T0.plusSeconds(1)));

    assertThat(pending.expired(T0.plus(Duration.ofMinutes(5)))).extracting(kv -> kv.key).containsExactly("mx|A", "mx|B", "mx|C");
  }
}
