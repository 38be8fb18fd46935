package sentinel.streams.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-account series with bounded cardinality: only flagged accounts and the current top-N senders
 * get an {@code account} label. Candidates are counted in a bounded map; when it overflows, the
 * lower half is dropped (a space-saving sketch in its simplest form). At most N unflagged accounts
 * are ever exported, plus the flagged ones.
 */
final class TopAccounts {
  private static final int CANDIDATE_FACTOR = 50;
  private final MeterRegistry registry;
  private final int topN;
  private final AccountLabel label;
  private final Map<String, Long> candidates = new HashMap<>();
  private final Map<String, AtomicLong> exported = new ConcurrentHashMap<>();
  private final Map<String, Meter> flaggedGauges = new HashMap<>();
  private final Map<String, Verdict> flagged = new HashMap<>();
  private final Map<Verdict, AtomicInteger> flaggedByVerdict = new EnumMap<>(Verdict.class);

  /** The three verdicts an account can be flagged with. */
  enum Verdict {
    SUSPICIOUS,
    COMPROMISED,
    BACKSCATTER;

    static Verdict ofAlertType(String type) {
      return switch (type) {
        case "COMPROMISED" -> COMPROMISED;
        case "BACKSCATTER" -> BACKSCATTER;
        default -> SUSPICIOUS;
      };
    }
  }

  TopAccounts(MeterRegistry registry, int topN, AccountLabel label) {
    this.registry = registry;
    this.topN = topN;
    this.label = label;
    for (Verdict v : Verdict.values()) {
      AtomicInteger count = new AtomicInteger();
      flaggedByVerdict.put(v, count);
      Gauge.builder("sentinel.accounts.flagged", count, AtomicInteger::get)
          .description("Accounts currently flagged, by verdict").tag("verdict", v.name()).register(registry);
    }
  }

  synchronized void recordSend(String account) {
    long count = candidates.merge(account, 1L, Long::sum);
    if (candidates.size() > topN * CANDIDATE_FACTOR) {
      candidates.entrySet().stream().sorted(Map.Entry.comparingByValue()).limit(candidates.size() / 2L).map(Map.Entry::getKey)
          .toList().forEach(candidates::remove);
    }
    AtomicLong sends = exported.get(account);
    if (sends != null) {
      sends.incrementAndGet();
    } else if (flagged.containsKey(account) || isTop(count)) {
      export(account).set(count);
    }
  }

  /** Marks the account flagged with the verdict of {@code alertType}; a worse verdict replaces a milder one. */
  synchronized void flag(String account, String alertType) {
    Verdict verdict = Verdict.ofAlertType(alertType);
    Verdict current = flagged.get(account);
    if (current != null && current.ordinal() >= verdict.ordinal()) {
      return;
    }
    unflag(account);
    flagged.put(account, verdict);
    flaggedByVerdict.get(verdict).incrementAndGet();
    flaggedGauges.put(account, Gauge.builder("sentinel.account.flagged", () -> 1)
        .description("1 while the account is flagged with this verdict")
        .tag("account", label.of(account)).tag("verdict", verdict.name()).register(registry));
    export(account);
  }

  /** The account's last alert episode ended: its flag and its per-account series go. */
  synchronized void unflag(String account) {
    Verdict verdict = flagged.remove(account);
    if (verdict == null) {
      return;
    }
    flaggedByVerdict.get(verdict).decrementAndGet();
    registry.remove(flaggedGauges.remove(account));
  }

  private boolean isTop(long count) {
    if (exported.size() - flagged.size() >= topN) {
      return false;
    }
    return candidates.values().stream().filter(v -> v > count).count() < topN;
  }

  private AtomicLong export(String account) {
    return exported.computeIfAbsent(account, a -> {
      AtomicLong value = new AtomicLong(candidates.getOrDefault(a, 0L));
      FunctionCounter.builder("sentinel.account.sends", value, AtomicLong::get)
          .description("Messages submitted by one of the top-N senders or a flagged account")
          .tag("account", label.of(a)).register(registry);
      return value;
    });
  }
}
