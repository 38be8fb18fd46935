package sentinel.streams.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sentinel.common.json.Json;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.replay.ConsoleProgress;
import sentinel.streams.replay.CountryResolver;
import sentinel.streams.replay.HtmlReport;
import sentinel.streams.replay.Replay;
import sentinel.streams.replay.ReplayOptions;
import sentinel.streams.replay.ReplayProgress;
import sentinel.streams.replay.ReplayReport;
import sentinel.streams.replay.TextReport;
import sentinel.streams.replay.TimeArgument;

/** {@code ./sentinel replay PATH…}: the monitor's detectors over mail logs, offline, as a report. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Replays mail logs (plain or .gz, rotated siblings in any order) through the monitor's own topology",
        "and writes a report: which accounts look compromised, which inboxes get backscatter, which IPs brute-force,",
        "with the evidence and what to do. No Kafka needed."})
public final class ReplayCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Log files, e.g. /var/log/mail.log*")
  List<Path> files;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "sentinel-report.html",
      description = "HTML report to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--json", description = "Print the report as JSON on standard output instead of the text summary.")
  boolean json;

  @Option(names = "--since", paramLabel = "TIME", description = "Only lines at or after TIME (2026-11-24, 2026-11-24T12:00, or with offset).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Only lines before TIME.")
  String until;

  @Option(names = "--account", paramLabel = "ACCOUNT", description = "Focus the report on one account.")
  String account;

  @Option(names = "--year", paramLabel = "YYYY", description = "Year of classic syslog timestamps (default: from each file's modification time).")
  Integer year;

  @Option(names = "--host", paramLabel = "NAME", defaultValue = "localhost",
      description = "Host for lines that name none, e.g. Exim's mainlog (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the temporary state goes (default: the system temp dir).")
  Path stateDir;

  @Option(names = "--no-progress", description = "No progress bar on standard error.")
  boolean noProgress;

  @Override
  public Integer call() throws IOException {
    MonitorConfig monitorConfig = MonitorConfig.from(Replay.defaults(config.load()));
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new IllegalStateException("not a readable file: " + f);
      }
    }
    ReplayOptions options = new ReplayOptions(files,
        since == null ? null : TimeArgument.parse(since, monitorConfig.logZone()),
        until == null ? null : TimeArgument.parse(until, monitorConfig.logZone()),
        account, year, host, stateDir, 2_000);
    ReplayProgress progress = noProgress ? ReplayProgress.silent()
        : new ConsoleProgress(System.err, System::nanoTime, 250_000_000L);
    ReplayReport report = new Replay(monitorConfig, options, progress, System::nanoTime,
        CountryResolver.from(sentinel.streams.geo.GeoLookups.open(monitorConfig.geo()))).run();
    Files.writeString(out, HtmlReport.render(report), StandardCharsets.UTF_8);
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      stdout.println(Json.newMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } else {
      stdout.print(TextReport.render(report));
      stdout.println("HTML report: " + out.toAbsolutePath());
    }
    stdout.flush();
    return 0;
  }
}
