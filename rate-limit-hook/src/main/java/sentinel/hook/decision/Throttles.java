package sentinel.hook.decision;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import sentinel.common.contract.AccountDecision;

/**
 * One {@link TokenBucket} per throttled account. A new THROTTLE decision (another limit or
 * another {@code since}) starts a new, full bucket.
 */
public final class Throttles {
  private record Entry(int limit, java.time.Instant since, TokenBucket bucket) {
    boolean matches(AccountDecision d) {
      return limit == d.limitPerHour() && java.util.Objects.equals(since, d.since());
    }
  }

  private final ConcurrentHashMap<String, Entry> buckets = new ConcurrentHashMap<>();
  private final Clock clock;

  public Throttles(Clock clock) {
    this.clock = clock;
  }

  /** True when the account may send {@code recipients} more recipients under {@code decision}. */
  public boolean tryTake(String account, AccountDecision decision, int recipients) {
    long now = clock.millis();
    Entry e = buckets.get(account);
    if (e == null || !e.matches(decision)) {
      Entry fresh = new Entry(decision.limitPerHour(), decision.since(), new TokenBucket(decision.limitPerHour(), now));
      e = buckets.compute(account, (k, old) -> old != null && old.matches(decision) ? old : fresh);
    }
    return e.bucket().tryTake(recipients, now);
  }

  /** Drops the buckets of accounts for which {@code stillThrottled} is false; visits buckets only. */
  public void retainIf(java.util.function.Predicate<String> stillThrottled) {
    buckets.keySet().removeIf(stillThrottled.negate());
  }

  public int size() {
    return buckets.size();
  }
}
