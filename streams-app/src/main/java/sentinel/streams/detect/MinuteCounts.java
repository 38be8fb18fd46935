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
    int total = 0;
    for (long m = nowMinute - Math.min(minutes, SPAN) + 1; m <= nowMinute; m++) {
      if (m <= lastMinute && m > lastMinute - SPAN) {
        total += slots[(int) Math.floorMod(m, SPAN)];
      }
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
