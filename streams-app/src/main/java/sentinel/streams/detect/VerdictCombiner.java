package sentinel.streams.detect;

import java.util.List;
import java.util.Optional;

/**
 * Adds up an account's signal scores: {@code compromisedScore} or more is COMPROMISED,
 * {@code suspiciousScore} or more SUSPICIOUS; otherwise a backscatter flood, if any, is BACKSCATTER.
 */
public final class VerdictCombiner {
  private final VerdictSettings s;

  public VerdictCombiner(VerdictSettings settings) {
    this.s = settings;
  }

  public Optional<Verdict> combine(List<Finding> findings) {
    List<Finding> signals = findings.stream().filter(f -> f.score() > 0).toList();
    int score = signals.stream().mapToInt(Finding::score).sum();
    if (score >= s.compromisedScore()) {
      return Optional.of(new Verdict(Verdict.COMPROMISED, score, signals));
    }
    if (score >= s.suspiciousScore()) {
      return Optional.of(new Verdict(Verdict.SUSPICIOUS, score, signals));
    }
    List<Finding> backscatter = findings.stream().filter(f -> BackscatterDetector.TYPE.equals(f.type())).toList();
    return backscatter.isEmpty() ? Optional.empty() : Optional.of(new Verdict(Verdict.BACKSCATTER, 0, backscatter));
  }
}
