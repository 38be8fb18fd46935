package sentinel.shipper;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.shipper.checkpoint.Checkpoint;
import sentinel.shipper.checkpoint.CheckpointStore;
import sentinel.shipper.checkpoint.FileCheckpoint;
import sentinel.common.logging.RateLimitedLog;

/**
 * Saves checkpoints on a thread of its own, newest first: the reading loop hands over the committed
 * offsets and goes on reading while the file is written and fsynced.
 *
 * <p>An fsync waits for the file system's journal, which on a busy host (the broker, the MTA's
 * queue) took up to 650 ms; on the loop thread that was reading time lost once a second. Offsets
 * handed over while a save runs replace each other, so only the newest is written next; each is
 * made of acknowledged offsets only, so a save that comes later or is skipped loses nothing, it
 * only means more lines read again after a crash.
 */
final class CheckpointWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);

  private final CheckpointStore store;
  private final Clock clock;
  private final RateLimitedLog log;
  private final Thread thread;
  /** Guards {@link #pending} and {@link #closed}. */
  private final Object lock = new Object();
  private List<FileCheckpoint> pending;
  private boolean closed;
  /** The last write failed (disk full, directory gone): the same offsets must be handed over again. */
  private volatile boolean lastSaveFailed;

  CheckpointWriter(CheckpointStore store, Clock clock, String threadName) {
    this.store = store;
    this.clock = clock;
    this.log = new RateLimitedLog(LOG, java.time.Duration.ofSeconds(30), clock);
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true); // close() saves the final checkpoint; this thread must not keep a JVM alive
    thread.start();
  }

  /** Saves {@code entries} soon, unless newer entries are handed over before this thread gets to them. */
  void submit(List<FileCheckpoint> entries) {
    synchronized (lock) {
      pending = entries;
      lock.notifyAll();
    }
  }

  private void run() {
    while (true) {
      List<FileCheckpoint> next;
      synchronized (lock) {
        while (pending == null && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (pending == null) {
          return; // closed, and nothing left to write
        }
        next = pending;
        pending = null;
      }
      save(next);
    }
  }

  /** Writes {@code entries} now, on the calling thread. */
  void save(List<FileCheckpoint> entries) {
    try {
      store.save(new Checkpoint(Checkpoint.CURRENT_VERSION, clock.instant(), entries));
      lastSaveFailed = false;
    } catch (IOException e) {
      lastSaveFailed = true;
      log.warn("Cannot save checkpoint {}: {} (shipping continues; a restart re-reads more)", store.file(), e.toString());
    }
  }

  /** True when the last write failed: submit again even if the offsets have not moved. */
  boolean lastSaveFailed() {
    return lastSaveFailed;
  }

  /**
   * Writes what is still pending and stops the thread; returns when no save is running, so the
   * caller can then write the final checkpoint itself without two writers on one file.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true; // still wait: returning mid-save would put two writers on one file
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
