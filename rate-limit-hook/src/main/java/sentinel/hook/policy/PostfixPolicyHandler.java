package sentinel.hook.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import sentinel.hook.decision.PolicyEngine;
import sentinel.hook.decision.Verdict;
import sentinel.hook.metrics.HookMeters;
import sentinel.hook.metrics.Protocol;
import sentinel.hook.net.ConnectionHandler;

/**
 * The Postfix policy delegation protocol on one connection: read a request, answer {@code
 * action=…} and an empty line, repeat until Postfix closes the connection. A request that cannot
 * be read properly gets {@code action=DUNNO} (Postfix goes on with its other restrictions) and is
 * counted in {@code sentinel.hook.protocol.errors}.
 */
public final class PostfixPolicyHandler implements ConnectionHandler {
  private static final byte[] DUNNO = "action=DUNNO\n\n".getBytes(StandardCharsets.US_ASCII);

  private final PolicyEngine engine;
  private final PostfixAccounts accounts;
  private final HookMeters meters;
  private final int maxRequestBytes;

  public PostfixPolicyHandler(PolicyEngine engine, PostfixAccounts accounts, HookMeters meters, int maxRequestBytes) {
    this.engine = engine;
    this.accounts = accounts;
    this.meters = meters;
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  public void serve(InputStream in, OutputStream out) throws IOException {
    PostfixRequestReader reader = new PostfixRequestReader(in, maxRequestBytes);
    PolicyRequest request;
    while ((request = reader.next()) != null) {
      if (request == PostfixRequestReader.TRUNCATED) {
        meters.protocolError(Protocol.POSTFIX, "truncated");
        return;
      }
      long start = System.nanoTime();
      Verdict verdict = answer(request);
      out.write(encode(verdict));
      out.flush();
      meters.answered(Protocol.POSTFIX, verdict.kind(), System.nanoTime() - start);
    }
  }

  Verdict answer(PolicyRequest request) {
    if (request.problem() != null) {
      meters.protocolError(Protocol.POSTFIX, request.problem());
      return Verdict.DUNNO;
    }
    int recipients = PostfixAccounts.recipients(request);
    if (recipients < 0) {
      meters.protocolError(Protocol.POSTFIX, "bad_recipient_count");
      recipients = 1;
    }
    return engine.decide(accounts.accountOf(request), recipients);
  }

  /** The wire form of a verdict; DEFER is DEFER_IF_PERMIT so a later reject still wins. */
  static byte[] encode(Verdict v) {
    return switch (v.kind()) {
      case DUNNO -> DUNNO;
      case HOLD -> ("action=HOLD " + v.reason() + "\n\n").getBytes(StandardCharsets.UTF_8);
      case DEFER -> ("action=DEFER_IF_PERMIT " + v.reason() + "\n\n").getBytes(StandardCharsets.UTF_8);
    };
  }
}
