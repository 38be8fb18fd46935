package sentinel.streams.replay;

import java.time.Instant;
import java.util.List;
import sentinel.streams.model.Alert;

/**
 * What a replay found, verdict first; rendered as console text, HTML and JSON ({@code --json}). The
 * JSON form is for machines, so field names are part of the contract of {@code ./sentinel replay}.
 *
 * @param run what was read and how fast
 * @param verdicts findings grouped by verdict (compromised accounts, backscatter, brute force, …),
 *     most severe group first; empty when nothing was found
 * @param focus evidence for the account given with {@code --account}; null without it
 * @param overview the overall picture of the log
 * @param unparsed what could not be read, with a few samples
 */
public record ReplayReport(Run run, List<VerdictGroup> verdicts, Finding focus, Overview overview, Unparsed unparsed) {

  public record Run(
      List<SourceFile> files,
      long linesRead,
      long linesInRange,
      long bytesRead,
      Instant firstEvent,
      Instant lastEvent,
      Instant since,
      Instant until,
      String focusAccount,
      String zone,
      double seconds,
      double linesPerSecond) {}

  public record SourceFile(String name, long bytes, long lines, boolean gzip) {}

  /**
   * @param id stable key, e.g. {@code compromised}
   * @param title heading an admin reads first
   * @param meaning one sentence on what this verdict means
   */
  public record VerdictGroup(String id, String title, String meaning, List<Finding> findings) {}

  /**
   * One subject (account or {@code ip:<address>}) with everything the detectors said about it.
   *
   * @param decision the enforcement the live monitor would have applied (HOLD, THROTTLE), or null
   * @param stillActive an alert episode was still open at the end of the log
   * @param actions what to do, most important first
   */
  public record Finding(
      String subject,
      String severity,
      List<String> types,
      List<Alert> alerts,
      String decision,
      boolean stillActive,
      Evidence evidence,
      List<String> actions) {}

  /**
   * The facts behind a finding, from the account events of the whole log.
   *
   * @param hourly messages submitted per hour around the finding
   * @param baselinePerHour mean messages per hour in the 24 hours before the first alert
   * @param clientIps client IPs of the subject's logins and submissions, most used first
   * @param accountsTried for an IP: the accounts it failed to log in as
   * @param inboundBounces bounces (null sender) delivered into the account's own mailbox
   * @param hourlyInboundBounces those bounces per hour, over the same hours as {@code hourly}
   */
  public record Evidence(
      List<HourPoint> hourly,
      double baselinePerHour,
      long messages,
      long recipients,
      long delivered,
      long bounced,
      long deferred,
      double bounceRatio,
      List<Count> dsnCodes,
      List<IpLogin> clientIps,
      List<Count> countries,
      long authFailures,
      List<Count> accountsTried,
      long inboundBounces,
      List<HourPoint> hourlyInboundBounces) {}

  public record HourPoint(Instant hour, long count) {}

  public record IpLogin(String ip, String country, long uses) {}

  public record Count(String name, long count) {}

  public record HourOutcomes(Instant hour, long submitted, long sent, long bounced, long deferred, long expired) {}

  public record SenderRow(String account, long messages, long recipients, long bounced) {}

  public record Overview(
      long messages,
      long recipients,
      long logins,
      long authFailures,
      long sent,
      long bounced,
      long deferred,
      long expired,
      List<HourOutcomes> hourly,
      List<SenderRow> topSenders,
      List<Count> loginsByCountry,
      List<Count> authFailuresByIp) {}

  /**
   * @param uncorrelated outcome lines whose queue ID had no known submitter (inbound mail, or
   *     messages submitted before the log starts): normal, shown so totals add up
   * @param late events the detectors skipped because they came too far behind the log's time
   */
  public record Unparsed(
      long parsed,
      long ignored,
      long unsupported,
      long duplicates,
      long uncorrelated,
      long late,
      List<Reason> byReason,
      List<Sample> samples) {}

  public record Reason(String mta, String program, String reason, long count) {}

  public record Sample(String reason, String line) {}
}
