package sentinel.shipper.checkpoint;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The committed offset of one file: the end of the longest run of acknowledged lines from the
 * start offset, with no gap.
 *
 * <p>Producer callbacks complete out of order (across partitions, and when a failed send is
 * retried), so "the highest acknowledged offset" would skip lines still in flight and a crash
 * would lose them. Lines are registered in file order when sent; {@link #ack} may come from any
 * thread, in any order.
 */
public final class AckTracker {
  private static final class Entry {
    final long start;
    final long end;
    boolean acked;

    Entry(long start, long end) {
      this.start = start;
      this.end = end;
    }
  }

  private final ArrayDeque<Entry> pending = new ArrayDeque<>();
  private final Map<Long, Entry> byStart = new HashMap<>();
  private long committed;

  /** @param startOffset where reading starts: committed until a line after it is acknowledged */
  public AckTracker(long startOffset) {
    this.committed = startOffset;
  }

  /** A line [start, end) was sent; lines must be registered in file order. */
  public synchronized void register(long start, long end) {
    Entry last = pending.peekLast();
    long floor = last == null ? committed : last.end;
    if (start < floor) {
      throw new IllegalArgumentException("line at " + start + " registered out of order (expected >= " + floor + ")");
    }
    Entry e = new Entry(start, end);
    pending.addLast(e);
    byStart.put(start, e);
  }

  /** The broker acknowledged the line starting at {@code start}; unknown offsets are ignored. */
  public synchronized void ack(long start) {
    Entry e = byStart.get(start);
    if (e == null) {
      return;
    }
    e.acked = true;
    while (!pending.isEmpty() && pending.peekFirst().acked) {
      Entry head = pending.removeFirst();
      byStart.remove(head.start);
      committed = head.end;
    }
  }

  /** Offset up to which every line has been acknowledged: safe to resume from after a crash. */
  public synchronized long committed() {
    return committed;
  }

  /** Lines sent and not yet part of the committed run. */
  public synchronized int unacknowledged() {
    return pending.size();
  }
}
