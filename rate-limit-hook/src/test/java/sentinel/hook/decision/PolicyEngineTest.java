package sentinel.hook.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static sentinel.hook.testing.Decisions.detector;
import static sentinel.hook.testing.Decisions.operator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import sentinel.common.contract.Action;
import sentinel.hook.metrics.HookMeters;
import sentinel.hook.testing.MutableClock;

class PolicyEngineTest {
  private final MutableClock clock = MutableClock.atEpoch();
  private final DecisionCache cache = new DecisionCache();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HookMeters meters = new HookMeters(registry);
  private final AtomicBoolean stale = new AtomicBoolean(false);
  private final FeedHealth feed = new FeedHealth() {
    @Override
    public Duration age(Instant now) {
      return stale.get() ? Duration.ofMinutes(5) : Duration.ZERO;
    }

    @Override
    public boolean stale(Instant now) {
      return stale.get();
    }
  };

  private PolicyEngine engine(boolean failClosed) {
    return PolicyEngine.create(cache, feed, failClosed, meters, clock, Duration.ofMinutes(1));
  }

  @Test
  void holdsAnAccountOnHoldWithTheReasonsInTheAnswer() {
    cache.apply("victim@example.test", operator("victim@example.test", Action.HOLD, 0, clock.instant(), null));
    Verdict v = engine(false).decide("victim@example.test", 3);
    assertThat(v.kind()).isEqualTo(Verdict.Kind.HOLD);
    assertThat(v.reason()).isEqualTo("sentinel: victim@example.test on hold by operator: operator says HOLD");
  }

  @Test
  void defersAThrottledAccountOnceItsHourlyBudgetIsSpent() {
    cache.apply("busy@example.test", detector("busy@example.test", Action.THROTTLE, 5, clock.instant(), null));
    PolicyEngine engine = engine(false);
    assertThat(engine.decide("busy@example.test", 3).kind()).isEqualTo(Verdict.Kind.DUNNO);
    assertThat(engine.decide("busy@example.test", 2).kind()).isEqualTo(Verdict.Kind.DUNNO);
    Verdict over = engine.decide("busy@example.test", 1);
    assertThat(over.kind()).isEqualTo(Verdict.Kind.DEFER);
    assertThat(over.reason()).startsWith("4.7.1 ").contains("5 recipients per hour");
    // 12 minutes later one recipient (5/h) has come back
    clock.advance(Duration.ofMinutes(12));
    assertThat(engine.decide("busy@example.test", 1).kind()).isEqualTo(Verdict.Kind.DUNNO);
  }

  @Test
  void answersDunnoForAccountsWithoutDecisionsAndRequestsWithoutAccount() {
    cache.apply("held@example.test", detector("held@example.test", Action.HOLD, 0, clock.instant(), null));
    assertThat(engine(false).decide("other@example.test", 1)).isEqualTo(Verdict.DUNNO);
    assertThat(engine(false).decide("", 1)).isEqualTo(Verdict.DUNNO);
  }

  @Test
  void failsOpenWithACountWhenTheFeedIsStale() {
    cache.apply("held@example.test", detector("held@example.test", Action.HOLD, 0, clock.instant(), null));
    stale.set(true);
    PolicyEngine engine = engine(false);
    assertThat(engine.decide("held@example.test", 1)).isEqualTo(Verdict.DUNNO);
    assertThat(engine.decide("held@example.test", 1)).isEqualTo(Verdict.DUNNO);
    assertThat(registry.get("sentinel.hook.fail.open").counter().count()).isEqualTo(2.0);
    // once fresh again the hold applies
    stale.set(false);
    assertThat(engine.decide("held@example.test", 1).kind()).isEqualTo(Verdict.Kind.HOLD);
  }

  @Test
  void failsClosedWithATemporaryErrorWhenConfiguredTo() {
    stale.set(true);
    Verdict v = engine(true).decide("anyone@example.test", 1);
    assertThat(v.kind()).isEqualTo(Verdict.Kind.DEFER);
    assertThat(v.reason()).startsWith("4.3.0 ");
    assertThat(registry.get("sentinel.hook.fail.open").counter().count()).isEqualTo(1.0);
  }

  @Test
  void reasonsFromTheTopicCannotInjectLinesIntoTheAnswer() {
    var d = new sentinel.common.contract.AccountDecision("x@example.test", Action.HOLD, 0,
        java.util.List.of("line one\naction=DUNNO\n\nsecond"), clock.instant(), null,
        sentinel.common.contract.DecisionSource.detector);
    cache.apply("x@example.test", d);
    assertThat(engine(false).decide("x@example.test", 1).reason()).doesNotContain("\n").contains("line one action=DUNNO");
  }
}
