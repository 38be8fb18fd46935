package sentinel.hook.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import sentinel.common.contract.Action;
import sentinel.hook.decision.DecisionCache;
import sentinel.hook.decision.FeedHealth;
import sentinel.hook.decision.Verdict;

/**
 * Every meter the hook publishes, declared in one place with its description (README "Metrics"
 * is the contract). Counters on the request path are created up front so a request does no
 * registry lookup.
 */
public final class HookMeters {
  private final MeterRegistry registry;
  private final Counter[][] requests = new Counter[Protocol.values().length][Verdict.Kind.values().length];
  private final Timer[] latency = new Timer[Protocol.values().length];
  private final Counter failOpen;
  private final Counter feedApplied;
  private final Counter feedTombstones;
  private final Counter feedBad;

  public HookMeters(MeterRegistry registry) {
    this.registry = registry;
    for (Protocol p : Protocol.values()) {
      for (Verdict.Kind k : Verdict.Kind.values()) {
        requests[p.ordinal()][k.ordinal()] = Counter.builder("sentinel.hook.requests")
            .description("Policy requests answered, by MTA protocol and the action answered")
            .tag("protocol", p.tag())
            .tag("action", k.name().toLowerCase(Locale.ROOT))
            .register(registry);
      }
      latency[p.ordinal()] = Timer.builder("sentinel.hook.request.latency")
          .description("Time from a complete request read to its answer written")
          .tag("protocol", p.tag())
          .publishPercentiles(0.5, 0.99)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofNanos(1_000))
          .maximumExpectedValue(Duration.ofMillis(100))
          .register(registry);
    }
    failOpen = Counter.builder("sentinel.hook.fail.open")
        .description("Requests answered without trusting the decisions because the feed was stale")
        .register(registry);
    feedApplied = feedRecords("applied");
    feedTombstones = feedRecords("tombstone");
    feedBad = feedRecords("bad");
  }

  private Counter feedRecords(String outcome) {
    return Counter.builder("sentinel.hook.feed.records")
        .description("Records read from the account-status topic, by outcome (applied, tombstone, bad)")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Registers the gauges that read the feed and the cache at scrape time. */
  public void bindFeed(FeedHealth feed, DecisionCache cache, Clock clock) {
    Gauge.builder("sentinel.hook.feed.age.seconds", () -> feed.age(clock.instant()).toMillis() / 1000.0)
        .description("Seconds since the decision feed last confirmed it had read the topic to its end")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("sentinel.hook.feed.stale", () -> feed.stale(clock.instant()) ? 1 : 0)
        .description("1 while the decision feed is older than hook.feed.max.age (answers fail open or closed)")
        .register(registry);
    for (Action a : new Action[] {Action.HOLD, Action.THROTTLE}) {
      Gauge.builder("sentinel.hook.accounts.under.decision", () -> cache.countByAction(clock.instant()).get(a))
          .description("Accounts whose decision in force is HOLD or THROTTLE")
          .tag("action", a.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
  }

  public void answered(Protocol protocol, Verdict.Kind kind, long nanos) {
    requests[protocol.ordinal()][kind.ordinal()].increment();
    latency[protocol.ordinal()].record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** A request that could not be read as the protocol says; {@code reason} is a short fixed word. */
  public void protocolError(Protocol protocol, String reason) {
    Counter.builder("sentinel.hook.protocol.errors")
        .description("Malformed, oversized or truncated requests and refused connections, by reason")
        .tag("protocol", protocol.tag())
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void failedOpen() {
    failOpen.increment();
  }

  public void feedApplied() {
    feedApplied.increment();
  }

  public void feedTombstone() {
    feedTombstones.increment();
  }

  public void feedBad() {
    feedBad.increment();
  }

  public MeterRegistry registry() {
    return registry;
  }
}
