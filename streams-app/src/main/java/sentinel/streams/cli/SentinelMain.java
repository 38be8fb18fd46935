package sentinel.streams.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import sentinel.streams.bench.BenchCommand;

/** Entry point of {@code ./sentinel} for the monitor's commands. */
@Command(
    name = "sentinel",
    mixinStandardHelpOptions = true,
    version = "Outbound Sentinel 0.1",
    description = "Outbound-volume anomaly monitor for mail hosting providers.",
    subcommands = {MonitorCommand.class, DemoCommand.class, ReplayCommand.class, SimulateCommand.class, GeoIpCommand.class,
        BenchCommand.class})
public final class SentinelMain implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new SentinelMain());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof sentinel.common.config.ConfigException || e instanceof IllegalStateException
          || e instanceof IllegalArgumentException
          || e instanceof java.io.UncheckedIOException) {
        cmd.getErr().println("error: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    System.exit(cli.execute(args));
  }
}
