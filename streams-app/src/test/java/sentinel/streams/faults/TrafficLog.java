package sentinel.streams.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import sentinel.streams.simulate.PostfixLogWriter;

/**
 * Real-shaped Postfix traffic of a fixed set of accounts, with the truth kept as it is written:
 * per account, messages submitted and their recipients. Lines are dated within the last hour, so
 * the detectors' one-hour window holds every one of them.
 */
final class TrafficLog {
  /** What one account really did. */
  record Truth(long messages, long recipients) {
    Truth plus(int rcpts) {
      return new Truth(messages + 1, recipients + rcpts);
    }
  }

  private final PostfixLogWriter writer;
  private final List<String> accounts;
  private final Random random;
  private final Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(50, ChronoUnit.MINUTES);
  private final Map<String, Truth> truth = new TreeMap<>();
  private long lines;
  private int messages;

  TrafficLog(String host, int accounts, long seed) {
    this.random = new Random(seed);
    this.writer = new PostfixLogWriter(host, ZoneOffset.UTC, random);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      names.add("user" + i + "@example.test");
    }
    this.accounts = List.copyOf(names);
  }

  /**
   * The lines of {@code n} more messages, round robin over the accounts, each with 1 to 3
   * recipients; their submissions are added to the truth.
   */
  synchronized List<String> nextMessages(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String account = accounts.get(messages % accounts.size());
      int rcpts = 1 + random.nextInt(3);
      List<String> to = new ArrayList<>();
      for (int r = 0; r < rcpts; r++) {
        to.add("rcpt" + r + "@remote.test");
      }
      // Spread over 40 minutes whatever the number of messages, so every line stays in the window.
      Instant t = start.plusMillis((messages % 2400) * 1000L);
      out.addAll(writer.authenticatedMessage(t, account, "198.51.100." + (1 + messages % accounts.size()), to));
      truth.merge(account, new Truth(1, rcpts), (a, b) -> new Truth(a.messages + b.messages, a.recipients + b.recipients));
      messages++;
    }
    lines += out.size();
    return out;
  }

  /**
   * The lines of {@code n} messages from {@code account}, one every {@code spacing} after
   * {@code from}, each to two recipients (a burst, when the spacing is short).
   */
  synchronized List<String> messagesFrom(String account, int n, Instant from, java.time.Duration spacing, String clientIp) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.addAll(writer.authenticatedMessage(from.plus(spacing.multipliedBy(i)), account, clientIp,
          List.of("a@remote.test", "b@remote.test")));
      truth.merge(account, new Truth(1, 2), (a, b) -> new Truth(a.messages + b.messages, a.recipients + b.recipients));
    }
    lines += out.size();
    return out;
  }

  /** The start of the hour the lines are dated in. */
  Instant start() {
    return start;
  }

  /** Appends {@code n} messages to {@code file}, opening it by name as syslog does after a HUP. */
  synchronized void appendTo(Path file, int n) {
    StringBuilder sb = new StringBuilder();
    nextMessages(n).forEach(l -> sb.append(l).append('\n'));
    try {
      Files.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized Map<String, Truth> truth() {
    return Map.copyOf(truth);
  }

  synchronized long lines() {
    return lines;
  }

  synchronized long messages() {
    return truth.values().stream().mapToLong(Truth::messages).sum();
  }

  synchronized long recipients() {
    return truth.values().stream().mapToLong(Truth::recipients).sum();
  }
}
