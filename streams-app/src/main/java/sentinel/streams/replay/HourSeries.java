package sentinel.streams.replay;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Counts per clock hour (epoch hour), sparse: hours without activity take no memory. */
final class HourSeries {
  private final TreeMap<Long, long[]> hours = new TreeMap<>();
  private final int width;

  /** @param width how many counters each hour holds (e.g. one per outcome) */
  HourSeries(int width) {
    this.width = width;
  }

  static long hourOf(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), 3600);
  }

  void add(Instant t, int column, long n) {
    hours.computeIfAbsent(hourOf(t), h -> new long[width])[column] += n;
  }

  long get(long hour, int column) {
    long[] v = hours.get(hour);
    return v == null ? 0 : v[column];
  }

  Map<Long, long[]> all() {
    return hours;
  }

  boolean isEmpty() {
    return hours.isEmpty();
  }

  long firstHour() {
    return hours.firstKey();
  }

  long lastHour() {
    return hours.lastKey();
  }
}
