package sentinel.shipper.sink;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of records sent and not yet acknowledged, capped. When the broker is slow or down the
 * shipper stops reading instead of buffering without bound, and drops nothing.
 */
public final class InflightBudget {
  private final long cap;
  private final AtomicLong used = new AtomicLong();

  public InflightBudget(long cap) {
    this.cap = cap;
  }

  /**
   * Reserves {@code bytes} unless that would pass the cap. An empty budget always accepts one
   * record, so a record larger than the cap cannot block the file forever (config validation
   * keeps the cap far above the largest record anyway).
   */
  public boolean tryAcquire(long bytes) {
    while (true) {
      long now = used.get();
      if (now > 0 && now + bytes > cap) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  public void release(long bytes) {
    used.addAndGet(-bytes);
  }

  public long used() {
    return used.get();
  }

  public long cap() {
    return cap;
  }
}
