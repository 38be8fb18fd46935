package sentinel.streams.replay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import sentinel.streams.simulate.LeakedPasswordStory;
import sentinel.streams.simulate.PostfixLogWriter;

/**
 * Writes real-shaped Postfix logs with the simulator: ordinary customers, stray failed logins, and
 * (optionally) a leaked password used from a botnet. Deterministic for a given seed.
 */
final class StoryLog {
  private StoryLog() {}

  /** Writes {@code seconds} of the story starting at {@code start}; returns the number of lines. */
  static long write(Path file, LeakedPasswordStory story, Instant start, long seconds, long seed, boolean gzip) throws IOException {
    Random random = new Random(seed);
    PostfixLogWriter writer = new PostfixLogWriter("mx1", ZoneOffset.UTC, random);
    long lines = 0;
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
      for (long s = 0; s < seconds; s++) {
        List<LeakedPasswordStory.TimedLine> timed = story.secondOfStory(s, start, writer, random);
        for (LeakedPasswordStory.TimedLine t : timed) {
          w.write(t.line());
          w.write('\n');
          lines++;
        }
      }
    }
    return lines;
  }

  /** A story whose leak starts after {@code leakAfter}, or never when null. */
  static LeakedPasswordStory story(int accounts, Duration leakAfter, double spamPerSecond) {
    return new LeakedPasswordStory(accounts, "victim@customer-shop.example",
        leakAfter == null ? Duration.ofDays(36_500) : leakAfter, spamPerSecond, 20);
  }
}
