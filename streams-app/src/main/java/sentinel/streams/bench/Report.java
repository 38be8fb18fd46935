package sentinel.streams.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Prints benchmark results as Markdown table rows. */
final class Report {
  private final PrintStream out;

  Report(PrintStream out) {
    this.out = out;
  }

  void header(String title, String... columns) {
    out.println();
    out.println("### " + title);
    out.println();
    out.println("| " + String.join(" | ", columns) + " |");
    out.println("|" + "---|".repeat(columns.length));
  }

  void row(Object... cells) {
    StringBuilder sb = new StringBuilder("|");
    for (Object c : cells) {
      sb.append(' ').append(c instanceof Double d ? num(d) : String.valueOf(c)).append(" |");
    }
    out.println(sb);
  }

  void note(String text) {
    out.println();
    out.println(text);
  }

  static String num(double d) {
    if (Double.isNaN(d)) {
      return "n/a";
    }
    if (Math.abs(d) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", d);
    }
    if (Math.abs(d) >= 10) {
      return String.format(Locale.ROOT, "%.1f", d);
    }
    return String.format(Locale.ROOT, "%.2f", d);
  }

  static String samples(Samples s) {
    return s.values().stream().map(Report::num).reduce((a, b) -> a + ", " + b).orElse("");
  }
}
