package sentinel.streams.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import sentinel.streams.simulate.PostfixLogWriter;

/**
 * Writes the benchmark's Postfix logs, one file per MTA host, with a realistic outbound mix:
 * SASL submissions (smtpd, cleanup, qmgr, one smtp line per recipient, removed), about 5 % of
 * recipients bouncing with 5.1.1, and SASL authentication failures, a few of them in brute-force
 * bursts from one IP.
 */
public final class BenchCorpus {
  /** Share of events that are a single failed login (a mistyped password). */
  static final double AUTH_FAILURE_SHARE = 0.03;
  /** Share of events that start a brute-force burst of {@link #BURST_FAILURES} failures from one IP. */
  static final double BURST_SHARE = 0.0005;
  static final int BURST_FAILURES = 15;
  static final double UNKNOWN_RECIPIENT_SHARE = 0.05;

  /** One host's file. */
  public record HostFile(String host, Path path, long lines, long bytes) {}

  /** The files written, in host order. */
  public record Corpus(List<HostFile> files) {
    public long lines() {
      return files.stream().mapToLong(HostFile::lines).sum();
    }

    public long bytes() {
      return files.stream().mapToLong(HostFile::bytes).sum();
    }
  }

  private BenchCorpus() {}

  public static String hostName(int i) {
    return "mx" + (i + 1);
  }

  public static Corpus write(Path dir, CorpusSpec spec) {
    try {
      Files.createDirectories(dir);
      SplittableRandom random = new SplittableRandom(spec.seed());
      List<PostfixLogWriter> writers = new ArrayList<>();
      List<BufferedWriter> outs = new ArrayList<>();
      List<Path> paths = new ArrayList<>();
      long[] lines = new long[spec.hosts()];
      long[] bytes = new long[spec.hosts()];
      for (int h = 0; h < spec.hosts(); h++) {
        writers.add(new PostfixLogWriter(hostName(h), ZoneOffset.UTC, random.split()));
        Path p = dir.resolve(hostName(h) + ".log");
        paths.add(p);
        outs.add(Files.newBufferedWriter(p, StandardCharsets.UTF_8));
      }
      // About 6 lines per event on average: spread events evenly over the span.
      double secondsPerEvent = spec.spanSeconds() / (spec.lines() / 6.0);
      long written = 0;
      for (long event = 0; written < spec.lines(); event++) {
        int h = random.nextInt(spec.hosts());
        Instant t = spec.start().plusMillis((long) (event * secondsPerEvent * 1000));
        for (String line : eventLines(writers.get(h), random, t, spec.accounts())) {
          outs.get(h).write(line);
          outs.get(h).write('\n');
          lines[h]++;
          bytes[h] += line.length() + 1;
          written++;
        }
      }
      List<HostFile> files = new ArrayList<>();
      for (int h = 0; h < spec.hosts(); h++) {
        outs.get(h).close();
        files.add(new HostFile(hostName(h), paths.get(h), lines[h], bytes[h]));
      }
      return new Corpus(files);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark corpus in " + dir, e);
    }
  }

  /** The lines of one event: a message from a random account, a failed login, or a brute-force burst. */
  static List<String> eventLines(PostfixLogWriter writer, SplittableRandom random, Instant t, int accounts) {
    double dice = random.nextDouble();
    if (dice < BURST_SHARE) {
      String ip = "203.0.113." + (1 + random.nextInt(250));
      List<String> burst = new ArrayList<>(BURST_FAILURES);
      for (int i = 0; i < BURST_FAILURES; i++) {
        burst.add(writer.authFailure(t, ip, account(random.nextInt(accounts))));
      }
      return burst;
    }
    if (dice < BURST_SHARE + AUTH_FAILURE_SHARE) {
      int a = random.nextInt(accounts);
      return List.of(writer.authFailure(t, clientIp(a), account(a)));
    }
    int a = random.nextInt(accounts);
    int n = 1 + random.nextInt(3);
    List<String> rcpts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String local = random.nextDouble() < UNKNOWN_RECIPIENT_SHARE ? "nouser" : "contact";
      rcpts.add(local + random.nextInt(100_000) + "@recipient" + random.nextInt(500) + ".example");
    }
    return writer.authenticatedMessage(t, account(a), clientIp(a), rcpts);
  }

  static String account(int a) {
    return "user" + a + "@customer" + (a % 997) + ".example";
  }

  /** Each account's usual client (a customer's office NAT address). */
  static String clientIp(int a) {
    return "10." + (a >> 16 & 0xff) + "." + (a >> 8 & 0xff) + "." + (a & 0xff);
  }
}
