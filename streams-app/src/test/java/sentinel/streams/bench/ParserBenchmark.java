package sentinel.streams.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import sentinel.streams.parse.MtaLineParser;
import sentinel.streams.parse.MtaParsers;

/**
 * Lines per second of {@link MtaLineParser} on one thread (so the figure is per core), over the
 * lab's real logs: the Postfix mix (classic syslog framing), the Exim mainlog and Sendmail (classic syslog). Each invocation
 * parses the whole corpus once; JMH reports operations (lines) per second.
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * mvn -q -B -pl streams-app -am test-compile -DskipTests
 * mvn -q -B -pl streams-app dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
 * java -cp streams-app/target/test-classes:streams-app/target/classes:common/target/classes:$(cat streams-app/target/bench.cp) \
 *     sentinel.streams.bench.ParserBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ParserBenchmark {
  /** Lines in one invocation: every corpus is repeated up to this many lines. */
  static final int LINES = 10_000;

  @Param({"postfix/postfix.log", "exim/exim-mainlog.log", "sendmail/sendmail-traditional.log"})
  public String corpus;

  private MtaLineParser parser;
  private String[] lines;
  private final Instant readAt = Instant.parse("2026-11-25T15:00:00Z");

  @Setup
  public void load() {
    parser = new MtaLineParser(ZoneOffset.UTC, MtaParsers.all());
    List<String> all = read(corpus);
    lines = new String[LINES];
    for (int i = 0; i < LINES; i++) {
      lines[i] = all.get(i % all.size());
    }
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void parse(Blackhole bh) {
    for (String line : lines) {
      bh.consume(parser.parse(line, "mx", readAt));
    }
  }

  static List<String> read(String name) {
    List<String> out = new ArrayList<>();
    try (InputStream in = ParserBenchmark.class.getResourceAsStream("/mta/" + name);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        if (!l.isEmpty()) {
          out.add(l);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** JMH's own command-line options pass through (e.g. {@code -wi 2 -i 4 -p corpus=postfix/postfix.log}). */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    new Runner(new OptionsBuilder().parent(new CommandLineOptions(args)).include(ParserBenchmark.class.getSimpleName()).build()).run();
  }
}
