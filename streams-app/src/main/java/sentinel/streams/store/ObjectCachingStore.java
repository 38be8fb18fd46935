package sentinel.streams.store;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A cache of deserialized values in front of a Kafka Streams key-value store. The monitor's processors
 * read and write one key several times in quick succession (a message's lines, an account's message
 * and its deliveries); Kafka's own store cache keeps bytes, so every read still deserialized and every
 * write serialized the whole value, which was the largest share of the stream thread after parsing.
 *
 * <p>Writes stay here, as objects, until Kafka Streams flushes the task's caches before it commits
 * ({@link #flushCache()}): then each changed key is serialized once and written to the inner store,
 * which logs it to the changelog in the same commit, so exactly-once and restarts see exactly what
 * they saw without this cache. Values must be immutable: a value handed out may be handed out again.
 * Reads of keys not changed since the last flush are served from a bounded LRU of clean values.
 * Anything that discards uncommitted state (a dirty close, {@link #clearCache()}, re-init) drops both.
 *
 * <p>A key created and deleted between two flushes, while the inner store is known not to hold it,
 * leaves no trace in the store or its changelog: most queued messages are written and removed
 * within one commit interval, and their put and tombstone would otherwise cost a write and a
 * changelog record each.
 *
 * <p>Range scans from the processing thread first write the pending changes through, so they see every
 * write. The caches belong to that thread: interactive queries and scans from any other thread go
 * straight to the inner store and see the state as of the last flush.
 *
 * <p>When the inner store keeps nothing durable (in memory, no changelog: {@link Flush#ON_EVICTION}),
 * a commit has nothing to make safe: the inner store's contents vanish with it at close, and no
 * changelog record is due. Changed values then stay here across commits, up to the same bound as the
 * clean values, and reach the inner store when they are the least recently used beyond it, or when a
 * scan needs them. That is the replay's case: {@code TopologyTestDriver} commits after every record,
 * and writing every changed value through at each of those commits was a sixth of its thread. Other
 * threads then see the inner store as of the last eviction or scan.
 */
public final class ObjectCachingStore<K, V> implements KeyValueStore<K, V>, CachedStateStore<K, V> {
  /** When changed values are written to the inner store. */
  public enum Flush {
    /** At every commit (Streams flushes the caches first): the store and its changelog commit them. */
    EACH_COMMIT,
    /**
     * Only when evicted beyond the bound, or before a scan: for an inner store that keeps nothing
     * durable (in memory, no changelog), where a commit has nothing to write them to.
     */
    ON_EVICTION;

    /** {@link #ON_EVICTION} exactly when the inner store is in memory and writes no changelog. */
    public static Flush forStore(boolean persistent, boolean loggingEnabled) {
      return !persistent && !loggingEnabled ? ON_EVICTION : EACH_COMMIT;
    }
  }

  private static final Object DELETED = new Object();
  private final KeyValueStore<K, V> inner;
  private final Flush flush;
  private final Map<K, Object> dirty;
  private final LinkedHashMap<K, Object> clean;
  /** Pending keys the inner store is known not to hold: deleting one before the flush cancels it. */
  private final Set<K> unstored = new HashSet<>();
  /** The thread that wrote last: the task's stream thread. Only it may touch the caches. */
  private volatile Thread writer;

  /** A cache that writes its changes through at every commit ({@link Flush#EACH_COMMIT}). */
  public ObjectCachingStore(KeyValueStore<K, V> inner, int cleanEntries) {
    this(inner, cleanEntries, Flush.EACH_COMMIT);
  }

  /**
   * @param cleanEntries how many unchanged values to keep deserialized, per store instance (per task);
   *     with {@link Flush#ON_EVICTION} also how many changed values wait for eviction
   */
  public ObjectCachingStore(KeyValueStore<K, V> inner, int cleanEntries, Flush flush) {
    this.inner = inner;
    this.flush = flush;
    this.dirty = flush == Flush.EACH_COMMIT ? new LinkedHashMap<>() : new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Object> eldest) {
        if (size() <= cleanEntries) {
          return false;
        }
        writeOne(eldest.getKey(), eldest.getValue());
        unstored.remove(eldest.getKey()); // the store holds it now: a later delete must reach it
        return true;
      }
    };
    this.clean = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Object> eldest) {
        return size() > cleanEntries;
      }
    };
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    dropCached();
    writer = Thread.currentThread();
    inner.init(context, root);
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(K key) {
    if (Thread.currentThread() != writer) {
      return inner.get(key);
    }
    Object v = dirty.get(key);
    if (v == null) {
      v = clean.get(key);
    }
    if (v == null) {
      V stored = inner.get(key);
      clean.put(key, stored == null ? DELETED : stored);
      return stored;
    }
    return v == DELETED ? null : (V) v;
  }

  @Override
  public void put(K key, V value) {
    writer = Thread.currentThread();
    Object known = clean.remove(key);
    if (!dirty.containsKey(key) && known == DELETED) {
      unstored.add(key);
    }
    if (value == null && unstored.remove(key)) {
      dirty.remove(key); // never reached the store: nothing to delete there
      clean.put(key, DELETED);
      return;
    }
    dirty.put(key, value == null ? DELETED : value);
  }

  @Override
  public V putIfAbsent(K key, V value) {
    V current = get(key);
    if (current == null) {
      put(key, value);
    }
    return current;
  }

  @Override
  public void putAll(List<KeyValue<K, V>> entries) {
    for (KeyValue<K, V> e : entries) {
      put(e.key, e.value);
    }
  }

  @Override
  public V delete(K key) {
    V current = get(key);
    put(key, null);
    return current;
  }

  @Override
  public KeyValueIterator<K, V> range(K from, K to) {
    writeThroughIfOwner();
    return inner.range(from, to);
  }

  @Override
  public KeyValueIterator<K, V> reverseRange(K from, K to) {
    writeThroughIfOwner();
    return inner.reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<K, V> all() {
    writeThroughIfOwner();
    return inner.all();
  }

  @Override
  public KeyValueIterator<K, V> reverseAll() {
    writeThroughIfOwner();
    return inner.reverseAll();
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
    writeThroughIfOwner();
    return inner.prefixScan(prefix, prefixKeySerializer);
  }

  @Override
  public long approximateNumEntries() {
    writeThroughIfOwner();
    return inner.approximateNumEntries();
  }

  /** Called by Kafka Streams before every commit: the pending writes go to the store and its changelog. */
  @Override
  @SuppressWarnings("unchecked")
  public void flushCache() {
    writeThroughAtCommit();
    if (inner instanceof CachedStateStore<?, ?> cached) {
      ((CachedStateStore<K, V>) cached).flushCache();
    }
  }

  /** Called by Kafka Streams when uncommitted state must be forgotten. */
  @Override
  public void clearCache() {
    dropCached();
    if (inner instanceof CachedStateStore<?, ?> cached) {
      cached.clearCache();
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
    return inner instanceof CachedStateStore<?, ?> cached && ((CachedStateStore<K, V>) cached).setFlushListener(listener, sendOldValues);
  }

  @Override
  @SuppressWarnings("deprecation")
  public void flush() {
    writeThroughAtCommit();
    inner.flush();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    writeThroughAtCommit();
    inner.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  @Override
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  /** Streams flushes before a clean close; anything still pending here was never committed. */
  @Override
  public void close() {
    dropCached();
    inner.close();
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return inner.query(query, positionBound, config);
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }

  /** Values written since the last flush (for tests and the cache's own bookkeeping). */
  int pendingWrites() {
    return dirty.size();
  }

  /** When this cache writes its changes to the inner store. */
  public Flush flushPolicy() {
    return flush;
  }

  private void writeThroughAtCommit() {
    if (flush == Flush.EACH_COMMIT) {
      writeThrough();
    }
  }

  /** Scans from the processing thread see its pending writes; other threads only what was flushed. */
  private void writeThroughIfOwner() {
    if (Thread.currentThread() == writer) {
      writeThrough();
    }
  }

  @SuppressWarnings("unchecked")
  private void writeThrough() {
    if (dirty.isEmpty()) {
      return;
    }
    for (Map.Entry<K, Object> e : dirty.entrySet()) {
      writeOne(e.getKey(), e.getValue());
      clean.put(e.getKey(), e.getValue());
    }
    dirty.clear();
    unstored.clear();
  }

  @SuppressWarnings("unchecked")
  private void writeOne(K key, Object value) {
    if (value == DELETED) {
      inner.delete(key);
    } else {
      inner.put(key, (V) value);
    }
  }

  private void dropCached() {
    dirty.clear();
    unstored.clear();
    clean.clear();
  }
}
