package sentinel.streams.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Repeated measurements of one figure; the report uses the median (robust to one noisy run). */
public final class Samples {
  private final List<Double> values = new ArrayList<>();

  public synchronized Samples add(double v) {
    values.add(v);
    return this;
  }

  public synchronized int size() {
    return values.size();
  }

  public synchronized List<Double> values() {
    return List.copyOf(values);
  }

  public double median() {
    return percentile(50);
  }

  /** Nearest-rank percentile; NaN when empty. */
  public synchronized double percentile(double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    if (p == 50 && sorted.size() % 2 == 0) {
      int mid = sorted.size() / 2;
      return (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** Median of the per-run ratios {@code this[i] / baseline[i]}: both measured in the same round. */
  public double ratioTo(Samples baseline) {
    Samples ratios = new Samples();
    for (int i = 0; i < Math.min(values.size(), baseline.values.size()); i++) {
      ratios.add(values.get(i) / baseline.values.get(i));
    }
    return ratios.median();
  }
}
