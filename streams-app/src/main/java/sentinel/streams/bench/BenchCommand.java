package sentinel.streams.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sentinel.streams.bench.BenchCorpus.Corpus;

/**
 * {@code ./sentinel bench ...}: the load benchmarks, on the embedded real broker unless
 * {@code --bootstrap} is given. Every figure is reported as a ratio to a baseline measured in the
 * same run (absolute rates wander between runs on a shared machine), with the absolute rate next to it.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: shipper, topology, latency, state (each prints a Markdown table).",
    subcommands = {BenchCommand.ShipperCmd.class, BenchCommand.TopologyCmd.class, LatencyCommand.class, StateCommand.class})
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  @Command(name = "shipper", mixinStandardHelpOptions = true,
      description = "Shipper lines/s vs a bare KafkaProducer and kcat -P on the same files; CPU s per million lines.")
  static final class ShipperCmd implements Callable<Integer> {
    @Mixin BenchOptions opts;

    @CommandLine.Option(names = "--warmup-share", defaultValue = "0.1",
        description = "Share of each run left out of the rate, as start-up (default: ${DEFAULT-VALUE}).")
    double warmupShare;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Path work = opts.workDir();
      Corpus corpus = BenchCorpus.write(work.resolve("corpus"), opts.corpus());
      Optional<Kcat> kcat = Kcat.find(work);
      try (BenchKafka kafka = BenchKafka.start(work.resolve("broker"), opts.bootstrap, opts.partitions)) {
        ShipperBench.Outcome o = new ShipperBench(kafka, corpus, work, opts.partitions, warmupShare, kcat).run(opts.rounds, opts.warmupRound);
        Report r = new Report(System.out);
        r.header("Shipper throughput (" + corpus.lines() + " lines, " + corpus.files().size() + " hosts, "
            + String.format("%.0f", (double) corpus.bytes() / corpus.lines()) + " B/line, median of " + opts.rounds + " rounds)",
            "what", "lines/s", "ratio shipper/this", "CPU s per M lines", "per-round lines/s");
        r.row("shipper (6 instances, one per host)", o.shipper().median(), 1.0, o.shipperCpu().median(), Report.samples(o.shipper()));
        r.row("bare KafkaProducer, same envelope bytes", o.bare().median(), o.shipper().ratioTo(o.bare()), o.bareCpu().median(),
            Report.samples(o.bare()));
        if (kcat.isPresent()) {
          r.row("kcat -P -l (raw lines)", o.kcat().median(), o.shipper().ratioTo(o.kcat()), o.kcatCpu().median(),
              Report.samples(o.kcat()));
        } else {
          r.row("kcat -P -l", "not installed", "", "", "");
        }
        r.note(String.format("Broker bytes per line: shipper envelopes %.0f, kcat raw lines %.0f (lz4).",
            o.shipperRecordBytes(), o.kcatRecordBytes()));
        return o.shipper().size() == opts.rounds ? 0 : 1;
      }
    }
  }

  @Command(name = "topology", mixinStandardHelpOptions = true,
      description = "Full monitor records/s vs the naive selectKey+repartition+windowed count app and the read-only floor.")
  static final class TopologyCmd implements Callable<Integer> {
    @Mixin BenchOptions opts;

    @CommandLine.Option(names = "--guarantee", split = ",", defaultValue = "at_least_once,exactly_once_v2",
        description = "Processing guarantees to run (default: ${DEFAULT-VALUE}).")
    List<String> guarantees;

    @CommandLine.Option(names = "--threads", defaultValue = "1",
        description = "Stream threads per app, the same for all apps (default: ${DEFAULT-VALUE}).")
    int threads;

    @CommandLine.Option(names = "--streams-config", paramLabel = "KEY=VALUE",
        description = "A Kafka Streams or client setting for every app alike (repeatable), e.g. consumer.fetch.min.bytes=65536.")
    Map<String, String> streamsConfig = new java.util.HashMap<>();

    @CommandLine.Option(names = "--apps", split = ",", defaultValue = "floor,naive,monitor",
        description = "Apps to run, e.g. monitor alone for a profile (default: ${DEFAULT-VALUE}; ratios need monitor and the baseline).")
    List<String> apps;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Path work = opts.workDir();
      List<TopologyBench.App> selected = apps.stream().map(a -> TopologyBench.App.valueOf(a.trim().toUpperCase())).toList();
      Corpus corpus = BenchCorpus.write(work.resolve("corpus"), opts.corpus());
      try (BenchKafka kafka = BenchKafka.start(work.resolve("broker"), opts.bootstrap, opts.partitions)) {
        Map<TopologyBench.Key, TopologyBench.Result> res =
            new TopologyBench(kafka, corpus, work, opts.partitions, threads, streamsConfig).run(opts.rounds, guarantees, selected, opts.warmupRound);
        Report r = new Report(System.out);
        r.header("Topology throughput (" + corpus.lines() + " lines, " + opts.partitions + " partitions, " + threads + " stream thread(s) per app, median of "
            + opts.rounds + " rounds)", "guarantee", "app", "records/s", "monitor/this", "per-round records/s",
            "CPU µs/record", "this/monitor CPU", "per-round CPU µs/record");
        for (String g : guarantees) {
          TopologyBench.Result monitor = res.get(new TopologyBench.Key(g, TopologyBench.App.MONITOR));
          for (TopologyBench.App app : selected) {
            TopologyBench.Result s = res.get(new TopologyBench.Key(g, app));
            // CPU ratio the other way round: above 1 means the baseline costs more per record than the monitor.
            r.row(g, app.name().toLowerCase(), s.rate().median(), monitor == null ? Double.NaN : monitor.rate().ratioTo(s.rate()),
                Report.samples(s.rate()), s.cpuMicrosPerRecord().median(),
                monitor == null ? Double.NaN : s.cpuMicrosPerRecord().ratioTo(monitor.cpuMicrosPerRecord()), Report.samples(s.cpuMicrosPerRecord()));
          }
        }
        return 0;
      }
    }
  }
}
