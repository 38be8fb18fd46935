package sentinel.streams.store;

import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds the inner store as configured (persistent or in memory, logged, without Kafka's byte cache,
 * which this cache replaces) and puts an {@link ObjectCachingStore} in front of it. An inner store that
 * keeps nothing durable (in memory, no changelog) gets its changes only on eviction
 * ({@link ObjectCachingStore.Flush#forStore}); every other store at each commit.
 */
public final class ObjectCachingStoreBuilder<K, V> implements StoreBuilder<KeyValueStore<K, V>> {
  private final StoreBuilder<KeyValueStore<K, V>> inner;
  private final int cleanEntries;

  public ObjectCachingStoreBuilder(StoreBuilder<KeyValueStore<K, V>> inner, int cleanEntries) {
    this.inner = inner.withCachingDisabled();
    this.cleanEntries = cleanEntries;
  }

  /** Kafka's byte cache stays off: this cache already folds each commit interval's writes per key. */
  @Override
  public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
    return this;
  }

  @Override
  public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
    inner.withLoggingEnabled(config);
    return this;
  }

  @Override
  public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
    inner.withLoggingDisabled();
    return this;
  }

  @Override
  public KeyValueStore<K, V> build() {
    KeyValueStore<K, V> store = inner.build();
    return new ObjectCachingStore<>(store, cleanEntries,
        ObjectCachingStore.Flush.forStore(store.persistent(), inner.loggingEnabled()));
  }

  @Override
  public Map<String, String> logConfig() {
    return inner.logConfig();
  }

  @Override
  public boolean loggingEnabled() {
    return inner.loggingEnabled();
  }

  @Override
  public String name() {
    return inner.name();
  }
}
