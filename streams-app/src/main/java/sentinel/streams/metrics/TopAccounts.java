package sentinel.streams.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-account series with bounded cardinality: only flagged accounts and the current top-N senders
 * get an {@code account} tag. Candidates are counted in a bounded map; when it overflows, the
 * smallest counts are dropped (a space-saving sketch in its simplest form).
 */
final class TopAccounts {
  private static final int CANDIDATE_FACTOR = 50;
  private final MeterRegistry registry;
  private final int topN;
  private final Map<String, Long> candidates = new HashMap<>();
  private final Map<String, AtomicLong> exported = new ConcurrentHashMap<>();
  private final Set<String> flagged = new HashSet<>();
  private final Set<String> flaggedVerdicts = new HashSet<>();

  TopAccounts(MeterRegistry registry, int topN) {
    this.registry = registry;
    this.topN = topN;
  }

  synchronized void recordSend(String account, int recipients) {
    candidates.merge(account, 1L, Long::sum);
    if (candidates.size() > topN * CANDIDATE_FACTOR) {
      candidates.entrySet().stream().sorted(Map.Entry.comparingByValue()).limit(candidates.size() / 2).map(Map.Entry::getKey)
          .toList().forEach(candidates::remove);
    }
    AtomicLong gauge = exported.get(account);
    if (gauge != null) {
      gauge.set(candidates.getOrDefault(account, gauge.get() + 1));
    } else if (flagged.contains(account) || isTop(account)) {
      export(account).set(candidates.getOrDefault(account, 1L));
    }
  }

  synchronized void flag(String account, String verdict) {
    if (!flaggedVerdicts.add(account + '|' + verdict)) {
      return;
    }
    flagged.add(account);
    Gauge.builder("sentinel.account.flagged", () -> 1)
        .description("1 for each account with an alert episode since the monitor started, by verdict")
        .tag("account", account).tag("verdict", verdict).register(registry);
    export(account);
  }

  private boolean isTop(String account) {
    if (exported.size() - flagged.size() >= topN) {
      return false;
    }
    long mine = candidates.getOrDefault(account, 0L);
    long higher = candidates.values().stream().filter(v -> v > mine).count();
    return higher < topN;
  }

  private AtomicLong export(String account) {
    return exported.computeIfAbsent(account, a -> {
      AtomicLong value = new AtomicLong(candidates.getOrDefault(a, 0L));
      Gauge.builder("sentinel.account.sends", value, AtomicLong::get)
          .description("Messages sent by a top-N or flagged account since the monitor started")
          .tag("account", a).register(registry);
      return value;
    });
  }
}
