package sentinel.streams.replay;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts per name with a cap on how many names it keeps: once full, a new name goes to
 * {@value #OTHER} instead of growing memory without bound (a log can name a million IPs).
 */
final class Tally {
  static final String OTHER = "(other)";
  private final Map<String, Long> counts = new HashMap<>();
  private final int maxNames;

  Tally(int maxNames) {
    this.maxNames = maxNames;
  }

  void add(String name, long n) {
    String key = name == null ? "(none)" : name;
    if (!counts.containsKey(key) && counts.size() >= maxNames) {
      key = OTHER;
    }
    counts.merge(key, n, Long::sum);
  }

  long get(String name) {
    return counts.getOrDefault(name, 0L);
  }

  long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  int size() {
    return counts.size();
  }

  /** The {@code n} largest counts, largest first, ties by name. */
  List<ReplayReport.Count> top(int n) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .map(e -> new ReplayReport.Count(e.getKey(), e.getValue()))
        .toList();
  }
}
