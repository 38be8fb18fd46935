package sentinel.streams.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sentinel.streams.simulate.HostingSimulation;
import sentinel.streams.simulate.IpPlan;
import sentinel.streams.simulate.Scenario;
import sentinel.streams.simulate.ScenarioRunner;
import sentinel.streams.simulate.ScenarioTable;

/**
 * {@code ./sentinel simulate}: runs the simulated provider's scenarios through the real topology
 * in-process and prints what was detected, how fast, and how many false alerts.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Runs simulated attack and benign scenarios through the monitor in-process and prints a summary table.")
public final class SimulateCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(names = "--scenario", paramLabel = "NAME", description = "Only these scenarios (default: all): ${COMPLETION-CANDIDATES}")
  List<Scenario> scenarios = new ArrayList<>();

  @Option(names = "--accounts", description = "Ordinary customers (default: ${DEFAULT-VALUE})")
  int accounts = HostingSimulation.Settings.defaults().accounts();

  @Option(names = "--history-days", description = "Days of ordinary traffic before each incident (default: ${DEFAULT-VALUE})")
  int historyDays = HostingSimulation.Settings.defaults().historyDays();

  @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE})")
  long seed = HostingSimulation.Settings.defaults().seed();

  @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the table to this Markdown file.")
  Path markdown;

  @Override
  public Integer call() throws Exception {
    HostingSimulation.Settings settings = new HostingSimulation.Settings(accounts, historyDays,
        Math.min(HostingSimulation.Settings.defaults().warmUpDays(), historyDays), seed);
    Map<String, String> overrides = new java.util.HashMap<>(config.overrides);
    List<ScenarioRunner.Outcome> outcomes = new ArrayList<>();
    for (Scenario s : scenarios.isEmpty() ? List.of(Scenario.values()) : scenarios) {
      ScenarioRunner.Outcome o = ScenarioRunner.run(HostingSimulation.build(s, settings), overrides, IpPlan.lookup());
      System.err.printf("%s: %s in %d ms%n", s, o.verdict().orElse("not flagged"), o.elapsed().toMillis());
      outcomes.add(o);
    }
    String table = ScenarioTable.markdown(outcomes);
    System.out.println(table);
    if (markdown != null) {
      Files.writeString(markdown, table);
    }
    return outcomes.stream().allMatch(ScenarioRunner.Outcome::asExpected) ? 0 : 1;
  }
}
