package sentinel.shipper.sink;

import java.util.concurrent.atomic.AtomicInteger;
import sentinel.shipper.checkpoint.AckTracker;

/**
 * Consecutive lines of one file sent in one go, one record per line, and settled as one: the
 * file's {@link AckTracker}, the in-flight budget and the shipped counters are touched once for
 * the group, when its last record is acknowledged, instead of once per line.
 *
 * <p>Each of those is shared between the reading thread and the producer's I/O thread (a lock or
 * an atomic per line on both sides); per line they cost the shipper a large part of what it spent
 * beyond a bare producer. The checkpoint still only moves past a line once the broker has it: the
 * group's end becomes committed only when every record of the group, and every earlier line, is
 * acknowledged.
 */
final class LineGroup {
  private final AckTracker acks;
  private final long start;
  private final long end;
  private final long charge;
  private final int lines;
  /** Records not acknowledged yet. A failed record is sent again and still counts here. */
  private final AtomicInteger pending;

  /**
   * @param acks the file's tracker; the group is registered there as one span
   * @param start file offset of the first line's first byte
   * @param end file offset just after the last line's terminator
   * @param charge bytes counted against the in-flight cap for all the group's records
   * @param lines records in the group
   */
  LineGroup(AckTracker acks, long start, long end, long charge, int lines) {
    this.acks = acks;
    this.start = start;
    this.end = end;
    this.charge = charge;
    this.lines = lines;
    this.pending = new AtomicInteger(lines);
  }

  /** One record of the group was acknowledged; true when it was the last one outstanding. */
  boolean recordAcknowledged() {
    return pending.decrementAndGet() == 0;
  }

  AckTracker acks() {
    return acks;
  }

  long start() {
    return start;
  }

  long end() {
    return end;
  }

  long charge() {
    return charge;
  }

  int lines() {
    return lines;
  }
}
