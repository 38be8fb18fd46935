package sentinel.hook.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import sentinel.hook.testing.Decisions;
import sentinel.hook.testing.MutableClock;
import sentinel.common.contract.Action;

class TokenBucketTest {
  private final MutableClock clock = MutableClock.atEpoch();

  @Test
  void allowsTheHourlyBudgetAtOnceThenRefusesTheNextRecipient() {
    // Given a bucket of 60 recipients per hour
    TokenBucket bucket = new TokenBucket(60, clock.millis());
    // When 60 single-recipient messages arrive at once, then one more
    long allowed = IntStream.range(0, 60).filter(i -> bucket.tryTake(1, clock.millis())).count();
    // Then all 60 pass and the 61st is refused
    assertThat(allowed).isEqualTo(60);
    assertThat(bucket.tryTake(1, clock.millis())).isFalse();
  }

  @Test
  void refillsAtTheHourlyRate() {
    TokenBucket bucket = new TokenBucket(60, clock.millis());
    assertThat(bucket.tryTake(60, clock.millis())).isTrue();
    // 59 s later less than one token (60/h = one a minute) has come back
    clock.advance(Duration.ofSeconds(59));
    assertThat(bucket.tryTake(1, clock.millis())).isFalse();
    // at one minute there is exactly one
    clock.advance(Duration.ofSeconds(1));
    assertThat(bucket.tryTake(1, clock.millis())).isTrue();
    assertThat(bucket.tryTake(1, clock.millis())).isFalse();
    // and it never fills beyond its capacity however long it waits
    clock.advance(Duration.ofHours(5));
    assertThat(bucket.available(clock.millis())).isEqualTo(60);
  }

  @Test
  void chargesAMessageItsRecipientCountAndLetsAnOversizedMessagePassOnlyFromAFullBucket() {
    TokenBucket bucket = new TokenBucket(10, clock.millis());
    assertThat(bucket.tryTake(4, clock.millis())).isTrue();
    assertThat(bucket.available(clock.millis())).isEqualTo(6);
    // 50 recipients with 6 tokens left: refused, nothing taken
    assertThat(bucket.tryTake(50, clock.millis())).isFalse();
    assertThat(bucket.available(clock.millis())).isEqualTo(6);
    // once full again the oversized message costs the whole budget and passes
    clock.advance(Duration.ofHours(1));
    assertThat(bucket.tryTake(50, clock.millis())).isTrue();
    assertThat(bucket.available(clock.millis())).isZero();
  }

  @Test
  void stagesThatDoNotCountRecipientsPassUnlessTheLimitIsZero() {
    TokenBucket bucket = new TokenBucket(1, clock.millis());
    assertThat(bucket.tryTake(1, clock.millis())).isTrue();
    assertThat(bucket.tryTake(0, clock.millis())).isTrue();
    TokenBucket zero = new TokenBucket(0, clock.millis());
    assertThat(zero.tryTake(0, clock.millis())).isFalse();
    assertThat(zero.tryTake(1, clock.millis())).isFalse();
  }

  @Test
  void aNewThrottleDecisionStartsAFreshBucketWhileTheSameDecisionKeepsItsBucket() {
    Throttles throttles = new Throttles(clock);
    var first = Decisions.detector("a@x.test", Action.THROTTLE, 2, clock.instant(), null);
    assertThat(throttles.tryTake("a@x.test", first, 2)).isTrue();
    assertThat(throttles.tryTake("a@x.test", first, 1)).isFalse();
    // the same decision again (e.g. re-read after a restart of the feed) does not refill
    var sameAgain = Decisions.detector("a@x.test", Action.THROTTLE, 2, first.since(), null);
    assertThat(throttles.tryTake("a@x.test", sameAgain, 1)).isFalse();
    // a new limit does
    var raised = Decisions.operator("a@x.test", Action.THROTTLE, 5, clock.instant().plusSeconds(1), null);
    assertThat(throttles.tryTake("a@x.test", raised, 5)).isTrue();
    throttles.retainIf(account -> !account.equals("a@x.test"));
    assertThat(throttles.size()).isZero();
  }
}
