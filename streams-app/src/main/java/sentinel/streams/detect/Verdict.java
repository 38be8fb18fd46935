package sentinel.streams.detect;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The one verdict about an account at one moment, with the signals behind it.
 *
 * @param type SUSPICIOUS, COMPROMISED or BACKSCATTER
 * @param score the signals' scores added up
 * @param findings the signals, strongest first
 */
public record Verdict(String type, int score, List<Finding> findings) {
  public static final String SUSPICIOUS = "SUSPICIOUS";
  public static final String COMPROMISED = "COMPROMISED";
  public static final String BACKSCATTER = BackscatterDetector.TYPE;

  public Verdict {
    findings = findings.stream().sorted(Comparator.comparingInt(Finding::score).reversed()).toList();
  }

  public String severity() {
    return COMPROMISED.equals(type) ? "critical" : "warning";
  }

  /** The finding whose figures the alert shows: the strongest, volume first among equals. */
  public Finding primary() {
    return findings.stream().filter(f -> f.score() == findings.get(0).score())
        .filter(f -> VolumeSpikeDetector.TYPE.equals(f.type())).findFirst().orElse(findings.get(0));
  }

  public Instant since() {
    return findings.stream().map(Finding::since).min(Comparator.naturalOrder()).orElseThrow();
  }
}
