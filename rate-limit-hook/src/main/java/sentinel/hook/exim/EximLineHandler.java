package sentinel.hook.exim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import sentinel.hook.decision.Accounts;
import sentinel.hook.decision.PolicyEngine;
import sentinel.hook.decision.Verdict;
import sentinel.hook.metrics.HookMeters;
import sentinel.hook.metrics.Protocol;
import sentinel.hook.net.BoundedLineReader;
import sentinel.hook.net.ConnectionHandler;

/**
 * A one-line protocol for Exim's {@code ${readsocket…}}: the request is {@code <account>
 * [<recipients>]\n}, the answer one line, {@code DUNNO}, {@code HOLD <reason>} or {@code DEFER
 * <reason>}. Exim half-closes after its request and reads to end of file, so the connection ends
 * when the client's side does; other clients may send many lines on one connection.
 *
 * <p>An account of {@code -} or nothing means "no account" (DUNNO). A line that is too long, has
 * more than two fields, or a recipient count that is not a number is counted in {@code
 * sentinel.hook.protocol.errors}; the first two are answered DUNNO, the third is charged as one
 * recipient.
 */
public final class EximLineHandler implements ConnectionHandler {
  private static final byte[] DUNNO = "DUNNO\n".getBytes(StandardCharsets.US_ASCII);

  private final PolicyEngine engine;
  private final HookMeters meters;
  private final int maxLine;

  public EximLineHandler(PolicyEngine engine, HookMeters meters, int maxLine) {
    this.engine = engine;
    this.meters = meters;
    this.maxLine = maxLine;
  }

  @Override
  public void serve(InputStream in, OutputStream out) throws IOException {
    BoundedLineReader lines = new BoundedLineReader(in, maxLine);
    while (true) {
      BoundedLineReader.Status status = lines.read();
      if (status == BoundedLineReader.Status.EOF) {
        return;
      }
      long start = System.nanoTime();
      Verdict verdict = switch (status) {
        case TOO_LONG -> error("oversized");
        // Exim always ends its request with \n; answer a last line without one anyway.
        case LINE, EOF_PARTIAL -> answer(lines.text());
        default -> Verdict.DUNNO;
      };
      out.write(encode(verdict));
      out.flush();
      meters.answered(Protocol.EXIM, verdict.kind(), System.nanoTime() - start);
      if (status == BoundedLineReader.Status.EOF_PARTIAL) {
        return;
      }
    }
  }

  Verdict answer(String line) {
    String[] fields = line.trim().split("\\s+");
    if (fields.length > 2) {
      return error("malformed_line");
    }
    String account = fields[0].equals("-") ? "" : Accounts.normalize(fields[0]);
    int recipients = 1;
    if (fields.length == 2) {
      try {
        recipients = Math.max(0, Integer.parseInt(fields[1]));
      } catch (NumberFormatException e) {
        meters.protocolError(Protocol.EXIM, "bad_recipient_count");
      }
    }
    return engine.decide(account, recipients);
  }

  private Verdict error(String reason) {
    meters.protocolError(Protocol.EXIM, reason);
    return Verdict.DUNNO;
  }

  static byte[] encode(Verdict v) {
    return switch (v.kind()) {
      case DUNNO -> DUNNO;
      case HOLD -> ("HOLD " + v.reason() + "\n").getBytes(StandardCharsets.UTF_8);
      case DEFER -> ("DEFER " + v.reason() + "\n").getBytes(StandardCharsets.UTF_8);
    };
  }
}
