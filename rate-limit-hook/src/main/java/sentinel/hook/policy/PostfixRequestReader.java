package sentinel.hook.policy;

import java.io.IOException;
import java.io.InputStream;
import sentinel.hook.net.BoundedLineReader;

/**
 * Reads Postfix policy delegation requests ({@code name=value} lines ending with an empty line)
 * one after another from one connection. Never throws on bad input: a request that is too large,
 * has a line without {@code =}, or is not an {@code smtpd_access_policy} request comes back with
 * {@link PolicyRequest#problem()} set, after the reader has skipped to its terminating empty line
 * so the next request on the connection is read cleanly.
 */
public final class PostfixRequestReader {
  /** Returned when the connection ended in the middle of a request. */
  public static final PolicyRequest TRUNCATED = new PolicyRequest("", "", "", "", "", "", "", "truncated");

  private final BoundedLineReader lines;
  private final int maxBytes;

  public PostfixRequestReader(InputStream in, int maxBytes) {
    this.lines = new BoundedLineReader(in, maxBytes);
    this.maxBytes = maxBytes;
  }

  /** The next request; null when the client closed the connection between requests. */
  public PolicyRequest next() throws IOException {
    String request = "";
    String state = "";
    String sasl = "";
    String sender = "";
    String client = "";
    String count = "";
    String queueId = "";
    int total = 0;
    int attributes = 0;
    boolean oversized = false;
    boolean malformed = false;
    while (true) {
      BoundedLineReader.Status status = lines.read();
      switch (status) {
        case EOF:
          return attributes == 0 && !oversized && !malformed ? null : TRUNCATED;
        case EOF_PARTIAL:
          return TRUNCATED;
        case TOO_LONG:
          oversized = true;
          continue;
        default:
          break;
      }
      int len = lines.length();
      if (len == 0) {
        String problem = oversized ? "oversized"
            : malformed ? "malformed_line"
            : attributes == 0 ? "empty_request"
            : !"smtpd_access_policy".equals(request) ? "not_a_policy_request"
            : null;
        return new PolicyRequest(request, state, sasl, sender, client, count, queueId, problem);
      }
      total += len + 1;
      if (total > maxBytes) {
        oversized = true;
      }
      if (oversized) {
        continue;
      }
      int eq = lines.indexOf('=');
      if (eq <= 0) {
        malformed = true;
        continue;
      }
      attributes++;
      // Only the attributes the hook uses are decoded; the others cost a scan for '='.
      if (lines.startsWith("request", eq)) {
        request = lines.text(eq + 1, len);
      } else if (lines.startsWith("protocol_state", eq)) {
        state = lines.text(eq + 1, len);
      } else if (lines.startsWith("sasl_username", eq)) {
        sasl = lines.text(eq + 1, len);
      } else if (lines.startsWith("sender", eq)) {
        sender = lines.text(eq + 1, len);
      } else if (lines.startsWith("client_address", eq)) {
        client = lines.text(eq + 1, len);
      } else if (lines.startsWith("recipient_count", eq)) {
        count = lines.text(eq + 1, len);
      } else if (lines.startsWith("queue_id", eq)) {
        queueId = lines.text(eq + 1, len);
      }
    }
  }
}
