package sentinel.streams.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import sentinel.common.config.ConfigSource;
import sentinel.streams.config.MonitorConfig;

/**
 * Replay speed on a large generated Postfix log (BENCHMARKS.md §5 has the figures and commands).
 * {@code generate FILE LINES} writes a log of about LINES lines (500 customers over about ten hours
 * per million lines, with a password leak in the last third); {@code replay FILE…} replays it and prints lines/s.
 */
public final class ReplayBench {
  private ReplayBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("generate")) {
      long target = Long.parseLong(args[2]);
      // 500 accounts send ~4 messages/s with ~6.5 lines each (about ten hours per million lines),
      // plus the leak's burst in the last third.
      int accounts = 500;
      double linesPerSecond = accounts / 120.0 * 6.5 + 0.02;
      long seconds = (long) (target / linesPerSecond);
      long lines = StoryLog.write(Path.of(args[1]), StoryLog.story(accounts, Duration.ofSeconds(seconds * 2 / 3), 3), 
          Instant.parse("2026-11-24T00:00:00Z"), seconds, 42, false);
      System.out.printf("wrote %,d lines, %,d bytes covering %,d s%n", lines, Files.size(Path.of(args[1])), seconds);
      return;
    }
    if (args.length >= 4 && args[0].equals("story")) {
      // story FILE HOURS ACCOUNTS: ordinary customers, and a leaked password in the last 15 minutes.
      long seconds = Long.parseLong(args[2]) * 3600;
      long lines = StoryLog.write(Path.of(args[1]), StoryLog.story(Integer.parseInt(args[3]), Duration.ofSeconds(seconds - 900), 0.5),
          Instant.parse("2026-11-24T06:00:00Z"), seconds, 7, false);
      System.out.printf("wrote %,d lines%n", lines);
      return;
    }
    if (args[0].equals("overhead")) {
      // Lines with no frame: measures the driver's per-record cost with almost no topology work.
      Path f = Files.createTempFile("overhead", ".log");
      Files.write(f, java.util.Collections.nCopies(Integer.parseInt(args[1]), "x".repeat(150)));
      MonitorConfig config = MonitorConfig.from(Replay.defaults(new ConfigSource(Map.of("parse.timezone", "UTC"), Map.of(), Map.of())));
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        ReplayReport r = new Replay(config, ReplayOptions.of(List.of(f), null), ReplayProgress.silent(), System::nanoTime,
            CountryResolver.withoutDatabase()).run();
        System.out.printf("overhead pass %d: %.0f lines/s%n", i, r.run().linesRead() / ((System.nanoTime() - t0) / 1e9));
      }
      Files.delete(f);
      return;
    }
    List<Path> files = java.util.Arrays.stream(args, 1, args.length).map(Path::of).toList();
    MonitorConfig config = MonitorConfig.from(Replay.defaults(new ConfigSource(Map.of("parse.timezone", "UTC"), Map.of(), Map.of())));
    ReplayOptions options = ReplayOptions.of(files, null).withYear(2026);
    long t0 = System.nanoTime();
    ReplayReport report = new Replay(config, options, new ConsoleProgress(System.err, System::nanoTime, 1_000_000_000L),
        System::nanoTime, CountryResolver.withoutDatabase()).run();
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.print(TextReport.render(report));
    System.out.printf("BENCH lines=%d seconds=%.2f lines_per_s=%.0f%n", report.run().linesRead(), s, report.run().linesRead() / s);
  }
}
