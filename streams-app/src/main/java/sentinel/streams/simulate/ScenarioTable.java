package sentinel.streams.simulate;

import java.util.List;
import java.util.Locale;

/** The summary table of scenario outcomes, as Markdown. */
public final class ScenarioTable {
  private ScenarioTable() {}

  public static String markdown(List<ScenarioRunner.Outcome> outcomes) {
    StringBuilder sb = new StringBuilder();
    sb.append("| scenario | expected | got | time to detect | incident messages before decision | false alerts / 10k account-days | lines | as expected |\n");
    sb.append("|---|---|---|---|---|---|---|---|\n");
    double accountDays = 0;
    int falseAlerts = 0;
    for (ScenarioRunner.Outcome o : outcomes) {
      Scenario s = o.run().scenario();
      accountDays += o.run().accountDays();
      falseAlerts += o.falseAlerts().size();
      sb.append(String.format(Locale.ROOT, "| %s: %s | %s | %s | %s | %s | %.1f | %d | %s |%n",
          s.name(), s.title(),
          s.expectsFlag() ? s.expectedType() : "not flagged",
          o.verdict().orElse("not flagged"),
          o.timeToDetect().map(ScenarioTable::duration).orElse("-"),
          s.expectsFlag() ? o.messagesBeforeDecision() + " of " + o.run().incidentMessages().size() : "-",
          o.falseAlertsPer10kAccountDays(), o.lines(), o.asExpected() ? "yes" : "**NO**"));
    }
    sb.append(String.format(Locale.ROOT, "%nFalse alerts overall: %d in %.0f account-days after warm-up (%.1f per 10,000 account-days).%n",
        falseAlerts, accountDays, accountDays == 0 ? 0 : falseAlerts * 10_000 / accountDays));
    return sb.toString();
  }

  static String duration(java.time.Duration d) {
    long s = d.getSeconds();
    return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
  }
}
