package sentinel.streams.detect;

import java.util.Arrays;

/**
 * Counts per minute over the last hour in a ring of 60 slots: the state behind every sliding-window
 * figure of one subject. Pure and immutable; {@link #add} returns a new value.
 *
 * @param lastMinute epoch minute of the newest slot written
 * @param slots counts by {@code epochMinute % 60}
 */
public record MinuteCounts(long lastMinute, int[] slots) {
  public static final int SPAN = 60;

  public static MinuteCounts empty() {
    return new MinuteCounts(Long.MIN_VALUE, new int[SPAN]);
  }

  /** Adds {@code n} at {@code minute}; counts older than the last hour are dropped first. */
  public MinuteCounts add(long minute, int n) {
    int[] s = Arrays.copyOf(slots, SPAN);
    long newest = lastMinute;
    if (minute > lastMinute) {
      long gap = lastMinute == Long.MIN_VALUE ? SPAN : Math.min(SPAN, minute - lastMinute);
      for (long m = minute - gap + 1; m <= minute; m++) {
        s[(int) Math.floorMod(m, SPAN)] = 0;
      }
      newest = minute;
    } else if (minute <= lastMinute - SPAN) {
      return this; // older than the ring: too late to count
    }
    s[(int) Math.floorMod(minute, SPAN)] += n;
    return new MinuteCounts(newest, s);
  }

  /** Sum of the {@code minutes} minutes ending at {@code nowMinute} (inclusive). */
  public int sum(long nowMinute, int minutes) {
    if (lastMinute == Long.MIN_VALUE || minutes <= 0) {
      return 0;
    }
    // The minutes both asked for and still in the ring; every detector sums on every event, so the
    // slot index is computed once and wrapped by hand instead of a floorMod per minute.
    long from = Math.max(nowMinute - Math.min(minutes, SPAN) + 1, lastMinute - SPAN + 1);
    long to = Math.min(nowMinute, lastMinute);
    int total = 0;
    int slot = (int) Math.floorMod(from, SPAN);
    for (long m = from; m <= to; m++) {
      total += slots[slot];
      slot = slot == SPAN - 1 ? 0 : slot + 1;
    }
    return total;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MinuteCounts other && other.lastMinute == lastMinute && Arrays.equals(other.slots, slots);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(lastMinute) * 31 + Arrays.hashCode(slots);
  }

  @Override
  public String toString() {
    return "MinuteCounts[lastMinute=" + lastMinute + ", slots=" + Arrays.toString(slots) + "]";
  }
}
