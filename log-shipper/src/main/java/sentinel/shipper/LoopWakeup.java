package sentinel.shipper;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the shipper's loop sleeps between passes: until the poll interval is over, or earlier
 * when another thread wakes it (the sink has room again after the in-flight cap stopped reading,
 * or the shipper is closing). Without the early wake the loop sat out the whole poll interval
 * each time the cap was hit, idle while the producer had already drained.
 *
 * <p>A wake that comes while the loop is still busy is kept, so the next {@link #await} returns
 * at once instead of missing it.
 */
final class LoopWakeup {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition woken = lock.newCondition();
  private boolean pending;

  /** Sleeps up to {@code millis}, less if woken; clears the wake it consumed. */
  void await(long millis) throws InterruptedException {
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
      while (!pending && nanos > 0) {
        nanos = woken.awaitNanos(nanos);
      }
      pending = false;
    } finally {
      lock.unlock();
    }
  }

  /** Ends the current or the next {@link #await} early. Any thread. */
  void wake() {
    lock.lock();
    try {
      pending = true;
      woken.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
