package sentinel.streams.bench;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Watches a growing count (records in a topic, lines acknowledged) and measures its steady rate:
 * from the moment it passes {@code warmupShare} of the target to the moment it reaches the target,
 * so connection set-up and JIT warm-up of the first seconds are left out.
 */
final class ThroughputProbe {
  /** What one run measured. */
  record Result(long items, double seconds, double cpuSeconds) {
    double perSecond() {
      return items / seconds;
    }

    /** CPU seconds per million items. */
    double cpuPerMillion() {
      return cpuSeconds / items * 1_000_000;
    }
  }

  private static final long POLL_MILLIS = 20;
  private final double warmupShare;

  ThroughputProbe(double warmupShare) {
    this.warmupShare = warmupShare;
  }

  /**
   * Polls {@code count} until it reaches {@code target}; {@code cpuNanos} is sampled at both ends of
   * the measured span.
   */
  Result await(long target, LongSupplier count, LongSupplier cpuNanos, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long startCount = -1;
    long startNanos = 0;
    long startCpu = 0;
    while (true) {
      long now = System.nanoTime();
      long c = count.getAsLong();
      if (startCount < 0 && c >= target * warmupShare) {
        startCount = c;
        startNanos = now;
        startCpu = cpuNanos.getAsLong();
      }
      if (c >= target) {
        long cpu = cpuNanos.getAsLong() - startCpu;
        return new Result(c - startCount, (now - startNanos) / 1e9, cpu / 1e9);
      }
      if (now > deadline) {
        throw new IllegalStateException("only " + c + " of " + target + " after " + timeout.toSeconds() + " s");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
