package sentinel.streams.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./sentinel bench state}: bytes per account, heap and restore time with many accounts. */
@Command(name = "state", mixinStandardHelpOptions = true,
    description = "Scale of state: accounts with history fed to the detectors; bytes per account, heap, restore time.")
public final class StateCommand implements Callable<Integer> {
  @Mixin BenchOptions opts;

  @Option(names = "--accounts", defaultValue = "1000000", description = "Accounts (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(names = "--messages-per-account", defaultValue = "3",
      description = "Messages per account in its history, in different minutes (default: ${DEFAULT-VALUE}).")
  int messages;

  @Override
  public Integer call() throws Exception {
    Path work = opts.workDir();
    try (BenchKafka kafka = BenchKafka.start(work.resolve("broker"), opts.bootstrap, opts.partitions)) {
      StateBench.Outcome o = new StateBench(kafka, work, opts.partitions).run(accounts, messages);
      Report r = new Report(System.out);
      r.header("Scale of state (" + o.accounts() + " accounts, " + o.events() + " account events, " + opts.partitions
          + " partitions)", "figure", "value");
      r.row("subject-state bytes per account (serialized key + value)", o.storeBytesPerAccount());
      r.row("RocksDB state dir bytes per account (on disk, after close)", o.diskBytesPerAccount());
      r.row("changelog bytes per account (before compaction)", o.changelogBytesPerAccount());
      r.row("JVM heap used after GC (MiB; broker in the same JVM)", o.heapUsedAfterGc() / 1048576.0);
      r.row("first pass: events/s", o.events() / o.feedSeconds());
      r.row("restore after restart with wiped local state (s)", o.restoreSeconds());
      r.row("records restored", o.restoredRecords());
      return 0;
    }
  }
}
