package sentinel.hook.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static sentinel.hook.testing.Decisions.detector;
import static sentinel.hook.testing.Decisions.operator;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import sentinel.common.contract.AccountDecision;
import sentinel.common.contract.Action;
import sentinel.hook.testing.MutableClock;

class DecisionPrecedenceTest {
  private static final String ACCOUNT = "victim@example.test";
  private final MutableClock clock = MutableClock.atEpoch();
  private final DecisionCache cache = new DecisionCache();

  private Action inForce() {
    return cache.effective(ACCOUNT, clock.instant()).map(AccountDecision::action).orElse(null);
  }

  private Instant in(Duration d) {
    return clock.instant().plus(d);
  }

  @Test
  void aDetectorRecordAfterAnOperatorHoldDoesNotUndoIt() {
    // Given an operator HOLD
    cache.apply(ACCOUNT, operator(ACCOUNT, Action.HOLD, 0, clock.instant(), null));
    // When the detector later says NONE (or THROTTLE) for the same key
    cache.apply(ACCOUNT, detector(ACCOUNT, Action.NONE, 0, clock.instant(), null));
    cache.apply(ACCOUNT, detector(ACCOUNT, Action.THROTTLE, 10, clock.instant(), null));
    // Then the hold stays in force
    assertThat(inForce()).isEqualTo(Action.HOLD);
    assertThat(cache.stored(ACCOUNT).detector().action()).isEqualTo(Action.THROTTLE);
  }

  @Test
  void aReleaseSilencesTheDetectorUntilItExpiresAndThenOnlyNewerDetectorDecisionsApply() {
    // Given a detector HOLD that the operator releases for 24 h
    cache.apply(ACCOUNT, detector(ACCOUNT, Action.HOLD, 0, clock.instant(), null));
    cache.apply(ACCOUNT, operator(ACCOUNT, Action.NONE, 0, clock.instant(), in(Duration.ofHours(24))));
    assertThat(inForce()).isEqualTo(Action.NONE);
    // When the detector holds again during the release
    clock.advance(Duration.ofHours(1));
    cache.apply(ACCOUNT, detector(ACCOUNT, Action.THROTTLE, 50, clock.instant(), null));
    // Then the release still wins
    assertThat(inForce()).isEqualTo(Action.NONE);
    // and after the release expires, the newer detector decision applies
    clock.advance(Duration.ofHours(24));
    assertThat(inForce()).isEqualTo(Action.THROTTLE);
  }

  @Test
  void aDetectorDecisionTheOperatorOverruledDoesNotReturnWhenTheReleaseExpires() {
    cache.apply(ACCOUNT, detector(ACCOUNT, Action.HOLD, 0, clock.instant(), null));
    cache.apply(ACCOUNT, operator(ACCOUNT, Action.NONE, 0, clock.instant(), in(Duration.ofHours(24))));
    clock.advance(Duration.ofHours(25));
    assertThat(inForce()).isNull();
  }

  @Test
  void anExpiredDecisionCountsAsNone() {
    cache.apply(ACCOUNT, detector(ACCOUNT, Action.HOLD, 0, clock.instant(), in(Duration.ofMinutes(30))));
    assertThat(inForce()).isEqualTo(Action.HOLD);
    clock.advance(Duration.ofMinutes(30));
    assertThat(inForce()).isNull();
  }

  @Test
  void aTombstoneForgetsBothDecisionsAndKeysAreCaseInsensitive() {
    cache.apply("Victim@Example.TEST", operator(ACCOUNT, Action.HOLD, 0, clock.instant(), null));
    cache.apply(ACCOUNT, detector(ACCOUNT, Action.THROTTLE, 5, clock.instant(), null));
    assertThat(inForce()).isEqualTo(Action.HOLD);
    cache.apply("VICTIM@example.test", null);
    assertThat(inForce()).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void countsAndListsOnlyAccountsUnderHoldOrThrottle() {
    cache.apply("a@x.test", detector("a@x.test", Action.HOLD, 0, clock.instant(), null));
    cache.apply("b@x.test", detector("b@x.test", Action.THROTTLE, 5, clock.instant(), null));
    cache.apply("c@x.test", detector("c@x.test", Action.NONE, 0, clock.instant(), null));
    cache.apply("d@x.test", detector("d@x.test", Action.HOLD, 0, clock.instant(), in(Duration.ofSeconds(1))));
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.underDecision(clock.instant())).containsOnlyKeys("a@x.test", "b@x.test");
    assertThat(cache.countByAction(clock.instant()))
        .containsEntry(Action.HOLD, 1L).containsEntry(Action.THROTTLE, 1L).containsEntry(Action.NONE, 1L);
  }
}
