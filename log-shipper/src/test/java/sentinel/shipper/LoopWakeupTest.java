package sentinel.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LoopWakeupTest {
  private static final long FOREVER_MS = Duration.ofHours(1).toMillis();

  @Test
  void aWakeThatCameBeforeTheWaitEndsItAtOnce() throws Exception {
    // Given a wake while the loop was busy
    LoopWakeup wakeup = new LoopWakeup();
    wakeup.wake();

    // When the loop then waits for an hour, it returns (the test would hang otherwise)
    CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> awaitQuietly(wakeup));
    await().atMost(Duration.ofSeconds(30)).until(waited::isDone);
    assertThat(waited).isCompleted();
  }

  @Test
  void aWakeEndsAWaitInProgressAndIsUsedUp() throws Exception {
    // Given a loop waiting for an hour
    LoopWakeup wakeup = new LoopWakeup();
    CompletableFuture<Void> first = CompletableFuture.runAsync(() -> awaitQuietly(wakeup));

    // When another thread wakes it once (before or during its wait: either must end it)
    wakeup.wake();
    await().atMost(Duration.ofSeconds(30)).until(first::isDone);

    // Then it returned; and a wake that was consumed does not end the next wait
    CompletableFuture<Void> second = CompletableFuture.runAsync(() -> awaitQuietly(wakeup));
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
    wakeup.wake();
    await().atMost(Duration.ofSeconds(30)).until(second::isDone);
  }

  private static void awaitQuietly(LoopWakeup wakeup) {
    try {
      wakeup.await(FOREVER_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
