package sentinel.streams.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sentinel.common.config.Durations;

/** {@code ./sentinel bench latency}: attack-to-alert, -decision and -hook-HOLD latency under steady load. */
@Command(name = "latency", mixinStandardHelpOptions = true,
    description = {"Detection latency: background Postfix traffic appended in real time, attacks injected one at a time;",
        "time from the attack's first line written to the alert, to the HOLD decision and to the in-process",
        "rate-limit hook answering HOLD to a Postfix policy request (p50/p99)."})
public final class LatencyCommand implements Callable<Integer> {
  @Mixin BenchOptions opts;

  @Option(names = "--rate", defaultValue = "2000", description = "Background lines per second (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--injections", defaultValue = "20", description = "Attacks injected (default: ${DEFAULT-VALUE}).")
  int injections;

  @Option(names = "--interval", defaultValue = "10s", description = "Time between attacks (default: ${DEFAULT-VALUE}).")
  String interval;

  @Option(names = "--warmup", defaultValue = "20s", description = "Background traffic before the first attack (default: ${DEFAULT-VALUE}).")
  String warmup;

  @Option(names = "--attack-messages", defaultValue = "110",
      description = "Messages in one attack, above the 10-minute ceiling (default: ${DEFAULT-VALUE}).")
  int attackMessages;

  @Option(names = "--answer-timeout", defaultValue = "60s",
      description = "How long to wait after the last attack for its alert and decision (default: ${DEFAULT-VALUE}).")
  String answerTimeout;

  @Option(names = "--probe-interval", defaultValue = "20ms",
      description = "How often the Postfix prober asks the hook about each attacked account not yet held; "
          + "bounds the resolution of the HOLD figure (default: ${DEFAULT-VALUE}).")
  String probeInterval;

  @Override
  public Integer call() throws Exception {
    Path work = opts.workDir();
    try (BenchKafka kafka = BenchKafka.start(work.resolve("broker"), opts.bootstrap, opts.partitions)) {
      LatencyBench.Settings s = new LatencyBench.Settings(opts.hosts, CorpusSpec.standard(1).accounts(), rate, injections,
          Durations.parse(interval), Durations.parse(warmup), attackMessages, Durations.parse(answerTimeout),
          Durations.parse(probeInterval));
      LatencyBench.Outcome o = new LatencyBench(kafka, work, opts.partitions).run(s);
      Report r = new Report(System.out);
      r.header("Detection latency (" + rate + " background lines/s over " + opts.hosts + " hosts, " + o.injected()
          + " attacks of " + attackMessages + " messages, EOS v2, commit 500 ms)", "from attack's first line to", "answered",
          "p50 ms", "p99 ms", "max ms");
      r.row("alert on alerts topic", o.alertMillis().size() + "/" + o.injected(), o.alertMillis().median(),
          o.alertMillis().percentile(99), o.alertMillis().percentile(100));
      r.row("decision on account-status topic", o.decisionMillis().size() + "/" + o.injected(), o.decisionMillis().median(),
          o.decisionMillis().percentile(99), o.decisionMillis().percentile(100));
      r.row("hook answering HOLD (probed every " + Durations.format(s.probeInterval()) + ")",
          o.holdMillis().size() + "/" + o.injected(), o.holdMillis().median(), o.holdMillis().percentile(99),
          o.holdMillis().percentile(100));
      r.note("HOLD: the rate-limit hook in-process with its default settings, fed from the account-status topic; "
          + "a Postfix prober sent " + o.probeRequests() + " END-OF-MESSAGE policy requests over one persistent "
          + "connection (" + o.probeErrors() + " failed), one per attacked account not yet held every "
          + Durations.format(s.probeInterval()) + ", so that figure is late by up to one probe interval.");
      return o.allAnswered() ? 0 : 1;
    }
  }
}
