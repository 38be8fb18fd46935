package sentinel.shipper.checkpoint;

/**
 * The committed offset of one file: the end of the longest run of acknowledged lines from the
 * start offset, with no gap.
 *
 * <p>Producer callbacks complete out of order (across partitions, and when a failed send is
 * retried), so "the highest acknowledged offset" would skip lines still in flight and a crash
 * would lose them. Lines are registered in file order when sent; {@link #ack} may come from any
 * thread, in any order.
 *
 * <p>The lines in flight are kept in a ring of parallel primitive arrays, oldest first. Because
 * they are registered in file order, their start offsets are sorted, so an acknowledgement finds
 * its line by binary search (and in O(1) in the common case where it is the oldest). This replaced
 * a {@code HashMap<Long, Entry>} whose boxing and node allocation per line cost 7 % of the
 * shipper's CPU. The ring grows by doubling; it holds at most the lines in flight, which the
 * shipper's in-flight byte cap bounds, and shrinks back when it empties after a burst.
 */
public final class AckTracker {
  private static final int INITIAL_CAPACITY = 1024;

  private long[] starts = new long[INITIAL_CAPACITY];
  private long[] ends = new long[INITIAL_CAPACITY];
  private boolean[] acked = new boolean[INITIAL_CAPACITY];
  /** Ring slot of the oldest line in flight. */
  private int head;
  /** Lines in flight: slots head .. head+size-1 (mod capacity). */
  private int size;
  private long committed;

  /** @param startOffset where reading starts: committed until a line after it is acknowledged */
  public AckTracker(long startOffset) {
    this.committed = startOffset;
  }

  /**
   * A span of whole lines [start, end) was sent: one line, or a group of consecutive lines the
   * sink settles together. Spans must be registered in file order, and one acknowledgement (of
   * {@code start}) settles the whole span.
   */
  public synchronized void register(long start, long end) {
    long floor = size == 0 ? committed : ends[slot(size - 1)];
    if (start < floor) {
      throw new IllegalArgumentException("line at " + start + " registered out of order (expected >= " + floor + ")");
    }
    if (size == starts.length) {
      resize(starts.length * 2);
    }
    int s = slot(size);
    starts[s] = start;
    ends[s] = end;
    acked[s] = false;
    size++;
  }

  /** The broker acknowledged the line starting at {@code start}; unknown offsets are ignored. */
  public synchronized void ack(long start) {
    int i = indexOf(start);
    if (i < 0) {
      return;
    }
    acked[slot(i)] = true;
    while (size > 0 && acked[head]) {
      committed = ends[head];
      head = (head + 1) & (starts.length - 1);
      size--;
    }
    if (size == 0 && starts.length > INITIAL_CAPACITY) {
      shrink();
    }
  }

  /** Offset up to which every line has been acknowledged: safe to resume from after a crash. */
  public synchronized long committed() {
    return committed;
  }

  /** Lines sent and not yet part of the committed run. */
  public synchronized int unacknowledged() {
    return size;
  }

  /** Slots the ring holds now (for tests of growth and shrinking). */
  synchronized int capacity() {
    return starts.length;
  }

  /** Position (0 = oldest) of the line in flight starting at {@code start}, or -1. */
  private int indexOf(long start) {
    if (size == 0) {
      return -1;
    }
    if (starts[head] == start) {
      return 0; // acknowledgements mostly arrive in send order
    }
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long v = starts[slot(mid)];
      if (v < start) {
        lo = mid + 1;
      } else if (v > start) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** Capacity is a power of two, so the wrap is a mask. */
  private int slot(int index) {
    return (head + index) & (starts.length - 1);
  }

  private void resize(int capacity) {
    long[] s = new long[capacity];
    long[] e = new long[capacity];
    boolean[] a = new boolean[capacity];
    for (int i = 0; i < size; i++) {
      int from = slot(i);
      s[i] = starts[from];
      e[i] = ends[from];
      a[i] = acked[from];
    }
    starts = s;
    ends = e;
    acked = a;
    head = 0;
  }

  /** After a burst, give the memory back rather than pin the peak for the life of the file. */
  private void shrink() {
    starts = new long[INITIAL_CAPACITY];
    ends = new long[INITIAL_CAPACITY];
    acked = new boolean[INITIAL_CAPACITY];
    head = 0;
  }
}
