package sentinel.hook.decision;

/**
 * A token bucket of {@code limitPerHour} tokens that refills at {@code limitPerHour} per hour and
 * starts full: a throttled account may send its hourly budget at once, then at the hourly rate.
 * Time comes in from the caller (a {@link java.time.Clock} in production, a fixed one in tests).
 */
public final class TokenBucket {
  private static final double MILLIS_PER_HOUR = 3_600_000.0;
  private final int capacity;
  private final double perMilli;
  private double tokens;
  private long lastRefillMillis;

  public TokenBucket(int limitPerHour, long nowMillis) {
    this.capacity = Math.max(0, limitPerHour);
    this.perMilli = capacity / MILLIS_PER_HOUR;
    this.tokens = capacity;
    this.lastRefillMillis = nowMillis;
  }

  /**
   * Takes {@code cost} tokens if there are enough. A message with more recipients than the whole
   * budget costs the whole budget, so it can pass once the bucket is full instead of never. A
   * cost of 0 (a stage that does not count recipients) always passes unless the limit is 0.
   */
  public synchronized boolean tryTake(int cost, long nowMillis) {
    refill(nowMillis);
    if (cost <= 0 || capacity == 0) {
      // Stages that do not count recipients pass, unless the account is throttled to zero.
      return capacity > 0;
    }
    double need = Math.min(cost, capacity);
    if (tokens < need) {
      return false;
    }
    tokens -= need;
    return true;
  }

  /** Tokens left at {@code nowMillis}, rounded down. */
  public synchronized int available(long nowMillis) {
    refill(nowMillis);
    return (int) tokens;
  }

  public int capacity() {
    return capacity;
  }

  private void refill(long nowMillis) {
    long elapsed = nowMillis - lastRefillMillis;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * perMilli);
      lastRefillMillis = nowMillis;
    }
  }
}
