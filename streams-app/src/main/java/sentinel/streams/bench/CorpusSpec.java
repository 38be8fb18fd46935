package sentinel.streams.bench;

import java.time.Instant;

/**
 * What the benchmark corpus looks like: a provider's outbound cluster of {@code hosts} Postfix
 * hosts, {@code accounts} customers, about {@code lines} lines in all, spread over {@code span}
 * seconds of log time starting at {@code start}.
 *
 * @param lines total lines to write (the last message may overshoot by a few lines)
 * @param hosts MTA hosts, one log file each (host-keyed partitions all carry load)
 * @param accounts distinct SMTP AUTH accounts
 * @param spanSeconds log time the corpus covers
 * @param start log time of the first line
 * @param seed random seed: the same spec writes the same bytes
 */
public record CorpusSpec(int lines, int hosts, int accounts, long spanSeconds, Instant start, long seed) {
  /** A fixed epoch so that runs are comparable (and log time never depends on the wall clock). */
  public static final Instant EPOCH = Instant.parse("2026-01-05T08:00:00Z");

  public CorpusSpec {
    if (lines <= 0 || hosts <= 0 || accounts <= 0 || spanSeconds <= 0) {
      throw new IllegalArgumentException("lines, hosts, accounts and span must be > 0");
    }
  }

  /** The corpus: 1 M lines over 6 hosts, 20 000 accounts, one hour of log time. */
  public static CorpusSpec standard(int lines) {
    return new CorpusSpec(lines, 6, 20_000, 3600, EPOCH, 42);
  }
}
