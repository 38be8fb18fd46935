package sentinel.streams.detect;

import java.util.List;

/**
 * What one detector concluded about one subject at one moment; the processor turns the first
 * finding of an episode into an alert.
 */
public record Finding(
    String type, Severity severity, String window, double observed, double baseline, List<String> clientIps,
    List<String> reasons, String advice) {

  public enum Severity {
    warning,
    critical
  }
}
