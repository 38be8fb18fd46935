package sentinel.streams.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import sentinel.streams.bench.BenchCorpus.Corpus;
import sentinel.streams.bench.BenchCorpus.HostFile;

/**
 * {@code kcat -P -l} on each host's file, keyed by host, with the shipper's producer settings
 * (lz4, linger 20 ms, 128 KiB batches, acks=all, idempotence), each under {@code /usr/bin/time}
 * for its CPU seconds.
 */
public final class Kcat {
  private static final List<Path> SEARCH = List.of(Path.of("/usr/bin/kcat"), Path.of("/usr/local/bin/kcat"), Path.of("/usr/bin/kafkacat"));
  private static final Path TIME = Path.of("/usr/bin/time");
  private final Path binary;
  private final Path work;

  /** One run: the steady rate seen in the topic, and the processes' total CPU. */
  public record Run(ThroughputProbe.Result result, double cpuSeconds, long lines) {
    public double cpuSecondsPerMillion() {
      return cpuSeconds / lines * 1_000_000;
    }
  }

  private Kcat(Path binary, Path work) {
    this.binary = binary;
    this.work = work;
  }

  /** Empty when kcat or /usr/bin/time is not installed (the report says so). */
  public static Optional<Kcat> find(Path work) {
    if (!Files.isExecutable(TIME)) {
      return Optional.empty();
    }
    return SEARCH.stream().filter(Files::isExecutable).findFirst().map(b -> new Kcat(b, work));
  }

  Run produce(Corpus corpus, String bootstrap, String topic, LongSupplier inTopic, ThroughputProbe probe, long target,
      Duration timeout) throws IOException, InterruptedException {
    List<Process> processes = new ArrayList<>();
    List<Path> timings = new ArrayList<>();
    for (HostFile f : corpus.files()) {
      Path timing = work.resolve("kcat-time-" + topic + "-" + f.host());
      timings.add(timing);
      processes.add(new ProcessBuilder(TIME.toString(), "-f", "%U %S", "-o", timing.toString(),
          binary.toString(), "-P", "-q", "-b", bootstrap, "-t", topic, "-k", f.host(), "-z", "lz4",
          "-X", "linger.ms=20", "-X", "batch.size=131072", "-X", "acks=all", "-X", "enable.idempotence=true",
          "-l", f.path().toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }
    ThroughputProbe.Result r = probe.await(target, inTopic, () -> 0, timeout);
    double cpu = 0;
    for (int i = 0; i < processes.size(); i++) {
      int exit = processes.get(i).waitFor();
      if (exit != 0) {
        throw new IllegalStateException("kcat exited with " + exit);
      }
      String[] userSys = Files.readString(timings.get(i), StandardCharsets.UTF_8).trim().split("\\s+");
      cpu += Double.parseDouble(userSys[userSys.length - 2]) + Double.parseDouble(userSys[userSys.length - 1]);
    }
    return new Run(r, cpu, target);
  }
}
