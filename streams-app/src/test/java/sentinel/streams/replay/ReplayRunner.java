package sentinel.streams.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sentinel.common.config.ConfigSource;
import sentinel.streams.config.MonitorConfig;

/** Runs a replay the way the CLI does, with log times in UTC and the year fixed, for tests. */
final class ReplayRunner {
  private ReplayRunner() {}

  static MonitorConfig config(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(Map.of("parse.timezone", "UTC"));
    all.putAll(settings);
    return MonitorConfig.from(Replay.defaults(new ConfigSource(all, Map.of(), Map.of())));
  }

  static ReplayReport replay(List<Path> files, Path stateParent) {
    return replay(ReplayOptions.of(files, stateParent).withYear(2026), Map.of());
  }

  static ReplayReport replay(ReplayOptions options, Map<String, String> settings) {
    try {
      long[] fakeNanos = {0};
      // Elapsed time is only reported, never asserted: a counting clock keeps runs reproducible.
      return new Replay(config(settings), options, ReplayProgress.silent(), () -> fakeNanos[0] += 1_000_000,
          CountryResolver.withoutDatabase()).run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
