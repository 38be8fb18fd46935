package sentinel.shipper.sink;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;

/** Logs a recurring WARN at most once per interval, saying how many were suppressed in between. */
public final class RateLimitedLog {
  private final Logger log;
  private final Clock clock;
  private final long intervalMillis;
  private long nextMillis = Long.MIN_VALUE;
  private long suppressed;

  public RateLimitedLog(Logger log, Clock clock, Duration interval) {
    this.log = log;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  public synchronized void warn(String format, Object... args) {
    long now = clock.millis();
    if (now < nextMillis) {
      suppressed++;
      return;
    }
    nextMillis = now + intervalMillis;
    if (suppressed > 0) {
      log.warn(format + " [" + suppressed + " similar messages suppressed]", args);
    } else {
      log.warn(format, args);
    }
    suppressed = 0;
  }
}
