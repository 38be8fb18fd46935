package sentinel.hook.decision;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import sentinel.common.contract.AccountDecision;
import sentinel.common.contract.Action;

/**
 * The decisions of {@code sentinel.account-status}, per account, in memory. Written by one feed
 * thread, read by every connection thread; a lookup is one hash-map read and no allocation on the
 * "no decision" path.
 */
public final class DecisionCache {
  private final ConcurrentHashMap<String, AccountDecisions> byAccount = new ConcurrentHashMap<>();
  private final AtomicLong arrivals = new AtomicLong();

  /** Adds a decision for {@code account}; null is a tombstone and forgets the account entirely. */
  public void apply(String account, AccountDecision decision) {
    String key = Accounts.normalize(account);
    if (decision == null) {
      byAccount.remove(key);
      return;
    }
    long seq = arrivals.incrementAndGet();
    byAccount.merge(key, AccountDecisions.NONE.with(decision, seq), (old, fresh) -> old.with(decision, seq));
  }

  /** The decision in force for an already normalised account at {@code now}. */
  public Optional<AccountDecision> effective(String account, Instant now) {
    AccountDecisions d = byAccount.get(account);
    return d == null ? Optional.empty() : d.effectiveAt(now);
  }

  /** Both decisions as stored, for status output. */
  public AccountDecisions stored(String account) {
    return byAccount.getOrDefault(Accounts.normalize(account), AccountDecisions.NONE);
  }

  /** Accounts whose decision in force at {@code now} is HOLD or THROTTLE, sorted by account. */
  public Map<String, AccountDecision> underDecision(Instant now) {
    Map<String, AccountDecision> out = new TreeMap<>();
    byAccount.forEach((account, d) -> d.effectiveAt(now)
        .filter(x -> x.action() != Action.NONE)
        .ifPresent(x -> out.put(account, x)));
    return out;
  }

  /** How many accounts are under each action at {@code now}; for the gauge. */
  public Map<Action, Long> countByAction(Instant now) {
    Map<Action, Long> out = new EnumMap<>(Action.class);
    for (Action a : Action.values()) {
      out.put(a, 0L);
    }
    byAccount.values().forEach(d -> d.effectiveAt(now).ifPresent(x -> out.merge(x.action(), 1L, Long::sum)));
    return out;
  }

  public int size() {
    return byAccount.size();
  }
}
