package sentinel.streams.replay;

import java.util.List;
import java.util.Locale;

/**
 * Server-side SVG charts, so the HTML report draws without scripts or network access: hourly bars
 * (stacked by series) with an optional dashed baseline, and horizontal bars for top-N lists.
 */
final class SvgChart {
  static final String[] COLORS = {"#4e79a7", "#59a14f", "#e15759", "#f28e2b", "#9c755f"};
  private static final int HEIGHT = 180;
  private static final int LEFT = 48;
  private static final int BOTTOM = 28;

  private SvgChart() {}

  /**
   * @param labels one per bar (hour)
   * @param series values per series, each as long as {@code labels}; stacked in order
   * @param names legend names of the series
   * @param baseline a dashed horizontal line at this value; negative for none
   */
  static String hourlyBars(String title, List<String> labels, List<long[]> series, List<String> names, double baseline) {
    int n = labels.size();
    int width = Math.max(360, Math.min(1200, LEFT + 12 + n * 14));
    double plotW = width - LEFT - 12;
    double barW = n == 0 ? 0 : plotW / n;
    long max = 1;
    for (int i = 0; i < n; i++) {
      long sum = 0;
      for (long[] s : series) {
        sum += s[i];
      }
      max = Math.max(max, sum);
    }
    max = (long) Math.max(max, Math.ceil(baseline));
    double plotH = HEIGHT - BOTTOM - 20;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", width, HEIGHT, width, HEIGHT, Html.escape(title)));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"12\" class=\"axis\">%s (max %s)</text>", LEFT, Html.escape(title),
        ReportFormat.number(max)));
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999\"/>", LEFT,
        20 + plotH, width - 12, 20 + plotH));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%s</text>", LEFT - 4, 24.0,
        ReportFormat.number(max)));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">0</text>", LEFT - 4, 20 + plotH));
    // An hour label takes about 56 px at this font size; skip labels so they never overlap.
    int labelEvery = Math.max(1, (int) Math.ceil(56 / Math.max(1e-9, barW)));
    for (int i = 0; i < n; i++) {
      double x = LEFT + i * barW;
      double y = 20 + plotH;
      for (int s = 0; s < series.size(); s++) {
        long v = series.get(s)[i];
        if (v <= 0) {
          continue;
        }
        double h = plotH * v / max;
        y -= h;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %s</title></rect>",
            x + 1, y, Math.max(1, barW - 2), h, COLORS[s % COLORS.length], Html.escape(labels.get(i)), Html.escape(names.get(s)),
            ReportFormat.number(v)));
      }
      if (i % labelEvery == 0) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"axis\">%s</text>", x, HEIGHT - 12,
            Html.escape(labels.get(i))));
      }
    }
    if (baseline >= 0) {
      double y = 20 + plotH - plotH * baseline / max;
      svg.append(String.format(Locale.ROOT, "<line class=\"baseline\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\" "
          + "stroke-dasharray=\"5,4\"><title>baseline %s/h</title></line>", LEFT, y, width - 12, y, ReportFormat.decimal(baseline)));
    }
    int lx = LEFT;
    for (int s = 0; s < names.size(); s++) {
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" class=\"axis\">%s</text>",
          lx, HEIGHT - 10, COLORS[s % COLORS.length], lx + 14, HEIGHT - 1, Html.escape(names.get(s))));
      lx += 24 + names.get(s).length() * 7;
    }
    if (baseline >= 0) {
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"axis\">- - baseline %s/h</text>", lx, HEIGHT - 1,
          ReportFormat.decimal(baseline)));
    }
    return svg.append("</svg>").toString();
  }

  /** Horizontal bars, one per count, largest first. */
  static String topBars(String title, List<ReplayReport.Count> counts) {
    int rowH = 18;
    int width = 520;
    int height = 20 + Math.max(1, counts.size()) * rowH;
    long max = Math.max(1, counts.stream().mapToLong(ReplayReport.Count::count).max().orElse(1));
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
        width, height, width, height, Html.escape(title)));
    svg.append("<text x=\"0\" y=\"12\" class=\"axis\">").append(Html.escape(title)).append("</text>");
    if (counts.isEmpty()) {
      svg.append("<text x=\"0\" y=\"32\" class=\"axis\">none</text>");
    }
    for (int i = 0; i < counts.size(); i++) {
      ReplayReport.Count c = counts.get(i);
      int y = 20 + i * rowH;
      double w = 260.0 * c.count() / max;
      svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" class=\"axis\">%s</text>", y + 12, Html.escape(abbreviate(c.name(), 30))));
      svg.append(String.format(Locale.ROOT, "<rect x=\"200\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", y + 2, Math.max(1, w), rowH - 4,
          COLORS[0]));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"axis\">%s</text>", 204 + w, y + 12, ReportFormat.number(c.count())));
    }
    return svg.append("</svg>").toString();
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
