package sentinel.streams.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.contract.AccountDecision;
import sentinel.common.contract.Action;
import sentinel.streams.geo.MaxMindLookup;
import sentinel.streams.geo.PlanDatabase;
import sentinel.streams.model.Alert;

/**
 * Every simulated scenario through the real topology (TopologyTestDriver), with GeoIP from a small
 * City-shaped MaxMind database the test writes, at default thresholds.
 */
class ScenariosTest {
  private static final Logger LOG = LoggerFactory.getLogger(ScenariosTest.class);
  @TempDir static Path dir;
  private static MaxMindLookup geo;

  @BeforeAll
  static void writeTheTestDatabase() {
    geo = MaxMindLookup.open(PlanDatabase.city(dir.resolve("plan-city.mmdb")));
  }

  private static final java.util.List<ScenarioRunner.Outcome> OUTCOMES = new java.util.ArrayList<>();

  @AfterAll
  static void closeItAndWriteTheSummary() throws Exception {
    geo.close();
    // The summary table, for BENCHMARKS.md §4 (target/ is the build's scratch space).
    java.nio.file.Files.writeString(Path.of("target", "scenario-summary.md"), ScenarioTable.markdown(OUTCOMES));
  }

  @ParameterizedTest
  @EnumSource(Scenario.class)
  void judgesEachScenarioAsExpectedWithoutFalseAlerts(Scenario scenario) {
    // Given a provider's log with ordinary traffic and the scenario's incident
    HostingSimulation.Run run = HostingSimulation.build(scenario, HostingSimulation.Settings.defaults());
    // When it runs through the monitor at default settings
    ScenarioRunner.Outcome o = ScenarioRunner.run(run, Map.of(), geo);
    OUTCOMES.add(o);
    LOG.info("{}: flagged={} verdict={} ttd={} before={} false={} lines={} in {}", scenario, o.flagged(), o.verdict(),
        o.timeToDetect(), o.messagesBeforeDecision(), o.falseAlerts(), o.lines(), o.elapsed());
    o.alerts().forEach(a -> LOG.info("  alert {} {} {} at {}: {} / {}", a.type(), a.severity(), a.subject(), a.detectedAt(), a.reasons(), a.advice()));
    // Then nothing else is flagged, and the subject gets the expected verdict (or none)
    assertThat(o.falseAlerts()).as("false alerts").isEmpty();
    if (!scenario.expectsFlag()) {
      assertThat(o.firstAlert()).as("benign: no alert").isEmpty();
      assertThat(o.decisions()).filteredOn(d -> !d.since().isBefore(run.warmUpEnd())).isEmpty();
      return;
    }
    assertThat(o.verdict()).contains(scenario.expectedType());
    assertThat(o.timeToDetect()).hasValueSatisfying(t -> assertThat(t).isLessThanOrEqualTo(maxTimeToDetect(scenario)));
    Alert first = o.firstAlert().orElseThrow();
    assertThat(first.reasons()).isNotEmpty();
    assertThat(first.advice()).isNotBlank();
    if ("COMPROMISED".equals(scenario.expectedType())) {
      assertThat(o.decisions()).filteredOn(d -> d.account().equals(run.subject())).extracting(AccountDecision::action)
          .contains(Action.HOLD);
    }
    if (scenario == Scenario.BACKSCATTER) {
      assertThat(first.advice()).contains("DMARC").contains("p=reject");
      assertThat(o.decisions()).as("the victim of forgery is not throttled").isEmpty();
    }
  }

  private static Duration maxTimeToDetect(Scenario s) {
    return switch (s) {
      case LEAKED_PASSWORD_FAST, HIJACKED_FORM -> Duration.ofMinutes(2);
      case BRUTE_FORCE_THEN_SUCCESS -> Duration.ofMinutes(11);
      default -> Duration.ofMinutes(30);
    };
  }
}
