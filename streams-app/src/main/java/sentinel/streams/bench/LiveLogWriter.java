package sentinel.streams.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import sentinel.streams.simulate.PostfixLogWriter;

/**
 * Appends the benchmark's background mix to one log file per host in real time, at a steady
 * rate, with the wall clock as log time; and writes an attack burst on request. Used from one
 * thread (the latency benchmark's writer loop).
 */
final class LiveLogWriter implements AutoCloseable {
  /** Botnet client IPs an attack comes from: enough for a COMPROMISED verdict. */
  static final int BOTNET_IPS = 20;

  private final List<PostfixLogWriter> writers = new ArrayList<>();
  private final List<BufferedWriter> outs = new ArrayList<>();
  private final List<Path> paths = new ArrayList<>();
  private final SplittableRandom random;
  private final Clock clock;
  private final int accounts;

  LiveLogWriter(Path dir, int hosts, int accounts, Clock clock, long seed) {
    this.random = new SplittableRandom(seed);
    this.clock = clock;
    this.accounts = accounts;
    try {
      Files.createDirectories(dir);
      for (int h = 0; h < hosts; h++) {
        Path p = dir.resolve(BenchCorpus.hostName(h) + ".log");
        paths.add(p);
        writers.add(new PostfixLogWriter(BenchCorpus.hostName(h), ZoneOffset.UTC, random.split()));
        outs.add(Files.newBufferedWriter(p, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Path> paths() {
    return List.copyOf(paths);
  }

  /** Writes about {@code lines} lines of background traffic, spread over the hosts; returns lines written. */
  int background(int lines) {
    int written = 0;
    Instant now = clock.instant();
    while (written < lines) {
      int h = random.nextInt(writers.size());
      for (String l : BenchCorpus.eventLines(writers.get(h), random, now, accounts)) {
        write(h, l);
        written++;
      }
    }
    flush();
    return written;
  }

  /**
   * Writes a whole attack at once on one host: {@code messages} messages from {@code account}
   * through {@link #BOTNET_IPS} client IPs. Written in one go, so the measured latency is the
   * pipeline's, not the time the attack takes to cross a threshold.
   */
  void attack(int host, String account, int messages) {
    Instant now = clock.instant();
    PostfixLogWriter w = writers.get(host);
    for (int i = 0; i < messages; i++) {
      String ip = "198.18." + (i % BOTNET_IPS) + "." + (1 + random.nextInt(250));
      List<String> rcpts = List.of("target" + random.nextInt(1_000_000) + "@recipient" + random.nextInt(500) + ".example");
      for (String l : w.authenticatedMessage(now, account, ip, rcpts)) {
        write(host, l);
      }
    }
    flush();
  }

  private void write(int host, String line) {
    try {
      outs.get(host).write(line);
      outs.get(host).write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void flush() {
    try {
      for (BufferedWriter o : outs) {
        o.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    for (BufferedWriter o : outs) {
      o.close();
    }
  }
}
