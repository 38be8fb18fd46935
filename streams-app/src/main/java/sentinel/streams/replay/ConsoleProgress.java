package sentinel.streams.replay;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar (lines, MB, %, lines/s), redrawn in place on the console's error stream
 * at most every {@code redrawNanos}, so the report on standard output stays clean for pipes.
 */
public final class ConsoleProgress implements ReplayProgress {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final LongSupplier nanoTime;
  private final long redrawNanos;
  private final long startNanos;
  private long lastDraw = Long.MIN_VALUE;

  public ConsoleProgress(PrintStream out, LongSupplier nanoTime, long redrawNanos) {
    this.out = out;
    this.nanoTime = nanoTime;
    this.redrawNanos = redrawNanos;
    this.startNanos = nanoTime.getAsLong();
  }

  @Override
  public void update(long lines, long bytes, long totalBytes) {
    long now = nanoTime.getAsLong();
    if (lastDraw != Long.MIN_VALUE && now - lastDraw < redrawNanos) {
      return;
    }
    lastDraw = now;
    out.print('\r' + line(lines, bytes, totalBytes, now));
    out.flush();
  }

  @Override
  public void finished(long lines, long bytes, long totalBytes) {
    out.println('\r' + line(lines, bytes, totalBytes, nanoTime.getAsLong()));
    out.flush();
  }

  String line(long lines, long bytes, long totalBytes, long now) {
    double fraction = totalBytes <= 0 ? 1 : Math.min(1, (double) bytes / totalBytes);
    int filled = (int) Math.round(fraction * WIDTH);
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    return String.format(Locale.ROOT, "[%s%s] %3.0f%%  %,d lines  %.1f/%.1f MB  %,.0f lines/s ",
        "#".repeat(filled), " ".repeat(WIDTH - filled), fraction * 100, lines, bytes / 1e6, totalBytes / 1e6, lines / seconds);
  }
}
