package sentinel.common.logging;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN line at most once per interval, saying how many were suppressed since the last one, so
 * a recurring problem under load (a stale feed, late events) writes one line a minute instead of one
 * per record.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final Clock clock;
  private final long intervalMillis;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  public RateLimitedLog(Logger log, Duration interval, Clock clock) {
    this.log = log;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  /** Logs {@code message} (with its arguments) unless one was logged within the interval. */
  public boolean warn(String message, Object... args) {
    long now = clock.millis();
    long next = nextAllowed.get();
    if (now < next || !nextAllowed.compareAndSet(next, now + intervalMillis)) {
      suppressed.incrementAndGet();
      return false;
    }
    long skipped = suppressed.getAndSet(0);
    if (skipped > 0) {
      log.warn(message + " ({} similar suppressed)", append(args, skipped));
    } else {
      log.warn(message, args);
    }
    return true;
  }

  private static Object[] append(Object[] args, Object last) {
    Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = last;
    return out;
  }
}
