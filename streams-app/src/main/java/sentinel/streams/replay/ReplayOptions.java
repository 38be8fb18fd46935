package sentinel.streams.replay;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What to replay and how.
 *
 * @param files log files in any order; they are replayed oldest first (see {@link RotationOrder})
 * @param since only lines at or after this time; null for all
 * @param until only lines before this time; null for all
 * @param account the account to focus the report on; null for all
 * @param year the year of classic syslog timestamps (which carry none); null to infer it from each
 *     file's modification time
 * @param host host for lines whose framing names none (Exim mainlog)
 * @param stateParent where the temporary state directory goes
 * @param batchSize lines piped into the topology at a time
 */
public record ReplayOptions(
    List<Path> files, Instant since, Instant until, String account, Integer year, String host, Path stateParent, int batchSize) {

  public ReplayOptions {
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no log files given");
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be > 0, was " + batchSize);
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw new IllegalArgumentException("--since must be before --until");
    }
    account = account == null ? null : account.toLowerCase(java.util.Locale.ROOT);
  }

  public static ReplayOptions of(List<Path> files, Path stateParent) {
    return new ReplayOptions(files, null, null, null, null, "localhost", stateParent, 2_000);
  }

  public ReplayOptions withWindow(Instant since, Instant until) {
    return new ReplayOptions(files, since, until, account, year, host, stateParent, batchSize);
  }

  public ReplayOptions withAccount(String account) {
    return new ReplayOptions(files, since, until, account, year, host, stateParent, batchSize);
  }

  public ReplayOptions withYear(Integer year) {
    return new ReplayOptions(files, since, until, account, year, host, stateParent, batchSize);
  }

  boolean inRange(Instant t) {
    return (since == null || !t.isBefore(since)) && (until == null || t.isBefore(until));
  }
}
