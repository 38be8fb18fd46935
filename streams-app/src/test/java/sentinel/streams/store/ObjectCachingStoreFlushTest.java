package sentinel.streams.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sentinel.streams.store.ObjectCachingStore.Flush;

/** {@link Flush#ON_EVICTION}: an inner store that keeps nothing durable gets changes only on eviction or a scan. */
class ObjectCachingStoreFlushTest {
  private static final int BOUND = 2;
  private final List<String> innerCalls = new ArrayList<>();
  private KeyValueStore<String, String> inner;
  private ObjectCachingStore<String, String> store;

  @BeforeEach
  void setUp() {
    inner = RecordingStore.plainInMemory();
    store = new ObjectCachingStore<>(recording(inner), BOUND, Flush.ON_EVICTION);
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
  }

  /** The inner store, with the calls it receives written down. */
  private KeyValueStore<String, String> recording(KeyValueStore<String, String> target) {
    return RecordingStore.of(target, Set.of("put", "delete"), innerCalls);
  }

  @Test
  void onlyAnInMemoryStoreWithoutChangelogDefersItsWritesPastTheCommit() {
    assertThat(Flush.forStore(false, false)).isEqualTo(Flush.ON_EVICTION);
    assertThat(Flush.forStore(false, true)).isEqualTo(Flush.EACH_COMMIT);
    assertThat(Flush.forStore(true, false)).isEqualTo(Flush.EACH_COMMIT);
    assertThat(Flush.forStore(true, true)).isEqualTo(Flush.EACH_COMMIT);
  }

  @Test
  void theBuilderDerivesThePolicyFromTheStoreItBuilds() {
    assertThat(built(Stores.inMemoryKeyValueStore("m"), false).flushPolicy()).isEqualTo(Flush.ON_EVICTION);
    assertThat(built(Stores.inMemoryKeyValueStore("m"), true).flushPolicy()).isEqualTo(Flush.EACH_COMMIT);
    assertThat(built(Stores.persistentKeyValueStore("p"), false).flushPolicy()).isEqualTo(Flush.EACH_COMMIT);
    assertThat(new ObjectCachingStore<>(inner, BOUND).flushPolicy()).isEqualTo(Flush.EACH_COMMIT);
  }

  private static ObjectCachingStore<String, String> built(
      org.apache.kafka.streams.state.KeyValueBytesStoreSupplier supplier, boolean logged) {
    var builder = Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.String());
    if (logged) {
      builder.withLoggingEnabled(Map.of());
    } else {
      builder.withLoggingDisabled();
    }
    return (ObjectCachingStore<String, String>) new ObjectCachingStoreBuilder<>(builder, BOUND).build();
  }

  @Test
  void commitsLeaveChangedValuesInTheCacheWhereTheyAreReadBack() {
    inner.put("b", "stored");
    store.put("a", "1");
    store.delete("b");

    store.flushCache();
    store.commit(Map.of());

    assertThat(innerCalls).isEmpty();
    assertThat(store.pendingWrites()).isEqualTo(2);
    assertThat(store.get("a")).isEqualTo("1");
    assertThat(store.get("b")).isNull();
  }

  @Test
  void theLeastRecentlyUsedChangeBeyondTheBoundIsWrittenThroughAndReadBackFromTheStore() {
    store.put("a", "1");
    store.put("b", "2");
    store.get("a");

    store.put("c", "3");

    assertThat(innerCalls).containsExactly("put b=2");
    assertThat(store.pendingWrites()).isEqualTo(BOUND);
    assertThat(store.get("b")).isEqualTo("2");
    assertThat(store.get("a")).isEqualTo("1");
    assertThat(store.get("c")).isEqualTo("3");
  }

  @Test
  void anEvictedDeleteRemovesTheValueFromTheStore() {
    inner.put("a", "old");
    store.delete("a");
    store.put("b", "2");

    store.put("c", "3");

    assertThat(innerCalls).containsExactly("delete a");
    assertThat(inner.get("a")).isNull();
    assertThat(store.get("a")).isNull();
  }

  @Test
  void aNewKeyEvictedToTheStoreAndThenDeletedIsDeletedFromTheStore() {
    assertThat(store.get("a")).isNull();
    store.put("a", "1");
    store.put("b", "2");
    store.put("c", "3");
    assertThat(inner.get("a")).isEqualTo("1");

    store.delete("a");
    store.put("d", "4");
    store.put("e", "5");

    assertThat(innerCalls).containsSubsequence("put a=1", "delete a");
    assertThat(inner.get("a")).isNull();
  }

  @Test
  void scansSeeEveryChangeStillInTheCache() {
    inner.put("a", "1");
    store.put("b", "2");
    store.delete("a");
    store.flushCache();

    List<KeyValue<String, String>> all = new ArrayList<>();
    try (KeyValueIterator<String, String> it = store.all()) {
      it.forEachRemaining(all::add);
    }

    assertThat(all).containsExactly(KeyValue.pair("b", "2"));
    assertThat(store.pendingWrites()).isZero();
  }
}
