package sentinel.streams.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ObjectCachingStoreTest {
  private final List<String> innerCalls = new ArrayList<>();
  private KeyValueStore<String, String> inner;
  private ObjectCachingStore<String, String> store;

  @BeforeEach
  void setUp() {
    inner = RecordingStore.plainInMemory();
    store = new ObjectCachingStore<>(recording(inner), 2);
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
  }

  /** The inner store, with the calls it receives written down. */
  private KeyValueStore<String, String> recording(KeyValueStore<String, String> target) {
    return RecordingStore.of(target, Set.of("get", "put", "delete"), innerCalls);
  }

  @Test
  void writesAreReadBackAtOnceButReachTheStoreOnlyWhenStreamsFlushesBeforeACommit() {
    store.put("a", "1");

    assertThat(store.get("a")).isEqualTo("1");
    assertThat(inner.get("a")).isNull();

    store.flushCache();

    assertThat(inner.get("a")).isEqualTo("1");
  }

  @Test
  void severalWritesToOneKeyBetweenCommitsReachTheStoreOnceWithTheLastValue() {
    store.put("a", "1");
    store.put("a", "2");
    store.put("a", "3");
    store.flushCache();

    assertThat(innerCalls).containsExactly("put a=3");
  }

  @Test
  void aDeleteHidesTheValueAtOnceAndRemovesItFromTheStoreAtTheFlush() {
    inner.put("a", "1");

    assertThat(store.delete("a")).isEqualTo("1");
    assertThat(store.get("a")).isNull();
    assertThat(inner.get("a")).isEqualTo("1");

    store.flushCache();

    assertThat(inner.get("a")).isNull();
  }

  @Test
  void aKeyCreatedAndDeletedBetweenFlushesWhileTheStoreLacksItNeverReachesTheStore() {
    assertThat(store.get("q")).isNull();
    store.put("q", "pending");
    store.put("q", "pending, more");
    store.delete("q");
    store.flushCache();

    assertThat(innerCalls).containsExactly("get q");
    assertThat(store.get("q")).isNull();
  }

  @Test
  void aDeleteStillReachesTheStoreWhenTheKeyMayBeThere() {
    inner.put("a", "1");
    store.put("a", "2"); // written without a read: the store may hold the key
    store.delete("a");
    store.flushCache();

    assertThat(innerCalls).containsExactly("delete a");
    assertThat(inner.get("a")).isNull();
  }

  @Test
  void aKeyFlushedOnceIsDeletedFromTheStoreLater() {
    assertThat(store.get("q")).isNull();
    store.put("q", "pending");
    store.flushCache();
    store.delete("q");
    store.flushCache();

    assertThat(innerCalls).containsExactly("get q", "put q=pending", "delete q");
    assertThat(inner.get("q")).isNull();
  }

  @Test
  void scansSeeWritesNotYetFlushed() {
    inner.put("a", "1");
    store.put("b", "2");
    store.delete("a");

    List<KeyValue<String, String>> all = new ArrayList<>();
    try (KeyValueIterator<String, String> it = store.all()) {
      it.forEachRemaining(all::add);
    }

    assertThat(all).containsExactly(KeyValue.pair("b", "2"));
  }

  @Test
  void clearingTheCacheForgetsUncommittedWritesAndReadsTheStoreAgain() {
    inner.put("a", "committed");
    assertThat(store.get("a")).isEqualTo("committed");
    store.put("a", "uncommitted");

    store.clearCache();

    assertThat(store.get("a")).isEqualTo("committed");
    store.flushCache();
    assertThat(inner.get("a")).isEqualTo("committed");
    assertThat(innerCalls).doesNotContain("put a=uncommitted");
  }

  @Test
  void closingDropsWhatWasNeverFlushed() {
    store.put("a", "never committed");

    store.close();

    assertThat(store.pendingWrites()).isZero();
  }

  @Test
  void unchangedValuesAreServedFromTheCacheUpToItsBoundThenReadFromTheStoreAgain() {
    inner.put("a", "1");
    inner.put("b", "2");
    inner.put("c", "3");

    store.get("a");
    store.get("a");
    assertThat(innerCalls).containsExactly("get a");

    store.get("b");
    store.get("c");
    store.get("a");

    assertThat(innerCalls).containsExactly("get a", "get b", "get c", "get a");
  }

  @Test
  void aKeyMissingFromTheStoreIsLookedUpOnce() {
    assertThat(store.get("new")).isNull();
    assertThat(store.get("new")).isNull();

    assertThat(innerCalls).containsExactly("get new");
  }

  @Test
  void aScanFromAnotherThreadSeesTheLastFlushAndLeavesPendingWritesAlone() throws Exception {
    inner.put("a", "committed");
    store.put("b", "pending");
    List<KeyValue<String, String>> seen = new ArrayList<>();

    Thread query = new Thread(() -> {
      try (KeyValueIterator<String, String> it = store.all()) {
        it.forEachRemaining(seen::add);
      }
    });
    query.start();
    query.join();

    String[] got = new String[1];
    Thread lookup = new Thread(() -> got[0] = store.get("b"));
    lookup.start();
    lookup.join();

    assertThat(seen).containsExactly(KeyValue.pair("a", "committed"));
    assertThat(got[0]).isNull();
    assertThat(store.pendingWrites()).isEqualTo(1);
  }
}
