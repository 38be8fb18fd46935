package sentinel.streams.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every benchmark shares: corpus size, rounds, topic shape and where to work. */
public final class BenchOptions {
  @Option(names = "--lines", defaultValue = "1000000", description = "Postfix lines in the corpus (default: ${DEFAULT-VALUE}).")
  int lines;

  @Option(names = "--hosts", defaultValue = "6", description = "MTA hosts the corpus is spread over (default: ${DEFAULT-VALUE}).")
  int hosts;

  @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the input topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds; the report gives the median (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--warmup-round", defaultValue = "true", negatable = true, fallbackValue = "true",
      description = "Run one discarded warm-up round first (default: ${DEFAULT-VALUE}; --no-warmup-round to skip).")
  boolean warmupRound;

  @Option(names = "--work", paramLabel = "DIR", description = "Working directory for corpus, broker and state (default: a new temp dir).")
  Path work;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Use this cluster instead of the embedded broker.")
  String bootstrap;

  Path workDir() throws IOException {
    if (work == null) {
      work = Files.createTempDirectory("sentinel-bench");
    }
    return Files.createDirectories(work);
  }

  CorpusSpec corpus() {
    CorpusSpec std = CorpusSpec.standard(lines);
    return new CorpusSpec(lines, hosts, std.accounts(), std.spanSeconds(), std.start(), std.seed());
  }
}
