package sentinel.streams.correlate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The correlation store, with an in-memory index of when each entry expires: a grace period after the
 * MTA removed the message, or its maximal age, whichever comes first.
 *
 * <p>Expiry used to scan the whole store once a minute of stream time. Besides reading every entry,
 * a scan makes the store's object cache write all pending entries through, so a message that was queued
 * and removed between two commits still cost a store write, a changelog record and a tombstone. With
 * the index, expiry touches only the entries that are due. The index is rebuilt from the store when the
 * processor starts (after a restore or a rebalance), so it never disagrees with the store for long.
 */
final class PendingMessages {
  private final KeyValueStore<String, PendingMessage> store;
  private final CorrelationSettings settings;
  private final Map<String, Long> deadlineOf = new HashMap<>();
  private final NavigableMap<Long, Set<String>> keysByDeadline = new TreeMap<>();

  PendingMessages(KeyValueStore<String, PendingMessage> store, CorrelationSettings settings) {
    this.store = store;
    this.settings = settings;
    try (KeyValueIterator<String, PendingMessage> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, PendingMessage> kv = it.next();
        index(kv.key, kv.value);
      }
    }
  }

  PendingMessage get(String key) {
    return store.get(key);
  }

  void put(String key, PendingMessage pm) {
    store.put(key, pm);
    index(key, pm);
  }

  void delete(String key) {
    store.delete(key);
    unindex(key);
  }

  /** Entries whose deadline is before {@code now}, in key order (as a scan of the store gave them). */
  List<KeyValue<String, PendingMessage>> expired(Instant now) {
    NavigableMap<Long, Set<String>> due = keysByDeadline.headMap(now.toEpochMilli(), false);
    if (due.isEmpty()) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    due.values().forEach(keys::addAll);
    keys.sort(null);
    List<KeyValue<String, PendingMessage>> out = new ArrayList<>(keys.size());
    for (String key : keys) {
      PendingMessage pm = store.get(key);
      if (pm != null) {
        out.add(KeyValue.pair(key, pm));
      } else {
        unindex(key); // deleted behind the index's back: nothing to expire
      }
    }
    return out;
  }

  /** Entries in the index (for tests). */
  int indexed() {
    return deadlineOf.size();
  }

  private void index(String key, PendingMessage pm) {
    long deadline = deadline(pm);
    Long old = deadlineOf.put(key, deadline);
    if (old != null) {
      if (old == deadline) {
        return;
      }
      removeFromBucket(old, key);
    }
    keysByDeadline.computeIfAbsent(deadline, d -> new HashSet<>(2)).add(key);
  }

  private void unindex(String key) {
    Long old = deadlineOf.remove(key);
    if (old != null) {
      removeFromBucket(old, key);
    }
  }

  private void removeFromBucket(long deadline, String key) {
    Set<String> bucket = keysByDeadline.get(deadline);
    if (bucket != null && bucket.remove(key) && bucket.isEmpty()) {
      keysByDeadline.remove(deadline);
    }
  }

  private long deadline(PendingMessage pm) {
    long aged = pm.firstSeen().plus(settings.maxAge()).toEpochMilli();
    if (pm.removedAt() == null) {
      return aged;
    }
    return Math.min(aged, pm.removedAt().plus(settings.removedGrace()).toEpochMilli());
  }
}
