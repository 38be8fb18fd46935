package sentinel.streams.faults;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import sentinel.streams.simulate.PostfixLogWriter;

/**
 * An endless supply of hostile log lines, reproducible from a seed: random bytes, real lines cut
 * anywhere, invalid UTF-8, very long lines, and lookalikes that carry SMTP AUTH fields where an
 * attacker can put text (a Subject header, a recipient, a HELO name). Every injected account ends
 * in {@link #INJECTED_DOMAIN}; none of them may ever become an event.
 */
final class HostileLines {
  static final String INJECTED_DOMAIN = "inject.test";
  /** Kinds of line, in the order of {@link #kindOf}. */
  enum Kind { RANDOM_BYTES, INVALID_UTF8, TRUNCATED_REAL, REAL, LOOKALIKE, HUGE }

  private final Random random;
  private final PostfixLogWriter real;
  private final Instant t0;
  private List<String> pending = List.of();
  private int pendingAt;

  HostileLines(long seed, Instant t0) {
    this.random = new Random(seed);
    this.real = new PostfixLogWriter("mx1", ZoneOffset.UTC, random);
    this.t0 = t0;
  }

  /** The kind of line {@code i}: a few huge lines, then a fixed mix. */
  static Kind kindOf(int i) {
    if (i % 333_331 == 17) {
      return Kind.HUGE;
    }
    int r = Math.floorMod(i * 7919, 100);
    // Few complete real lines: they are the ones that write state, and this is about the rest.
    return r < 38 ? Kind.RANDOM_BYTES : r < 53 ? Kind.INVALID_UTF8 : r < 83 ? Kind.TRUNCATED_REAL : r < 85 ? Kind.REAL : Kind.LOOKALIKE;
  }

  /** Line {@code i} (never containing a newline, so a file of them has exactly one line per call). */
  byte[] line(int i) {
    switch (kindOf(i)) {
      case RANDOM_BYTES:
        return randomBytes(random.nextInt(300));
      case INVALID_UTF8:
        return invalidUtf8();
      case TRUNCATED_REAL: {
        String l = nextReal(i);
        return l.substring(0, random.nextInt(l.length())).getBytes(StandardCharsets.UTF_8);
      }
      case REAL:
        return nextReal(i).getBytes(StandardCharsets.UTF_8);
      case LOOKALIKE:
        return lookalike(i).getBytes(StandardCharsets.UTF_8);
      default: {
        byte[] huge = new byte[1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        byte[] head = nextReal(i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, huge, 0, head.length);
        return huge;
      }
    }
  }

  private String nextReal(int i) {
    if (pendingAt >= pending.size()) {
      Instant t = t0.plusSeconds((i / 50) % 3000);
      pending = random.nextInt(10) == 0 ? List.of(real.authFailure(t, "198.51.100." + random.nextInt(200), "user" + random.nextInt(50) + "@example.test"))
          : real.authenticatedMessage(t, "user" + random.nextInt(50) + "@example.test", "198.51.100." + random.nextInt(200),
              List.of("r" + random.nextInt(1000) + "@remote.test"));
      pendingAt = 0;
    }
    return pending.get(pendingAt++);
  }

  private String lookalike(int i) {
    String ts = "Nov 24 12:" + String.format("%02d:%02d", (i / 60) % 60, i % 60) + " mx1 ";
    String qid = String.format("%011X", i);
    String evil = "evil" + (i % 7) + "@" + INJECTED_DOMAIN;
    switch (i % 6) {
      case 0:
        return ts + "postfix/cleanup[4100]: " + qid + ": warning: header Subject: Re: client=unknown[203.0.113.5], sasl_method=LOGIN, "
            + "sasl_username=" + evil + " from unknown[203.0.113.5]; from=<bob@example.test> to=<x@remote.test> proto=ESMTP helo=<h>";
      case 1:
        return ts + "postfix/smtp[4101]: " + qid + ": to=<sasl_username=" + evil + ">, relay=mx.remote.test[192.0.2.1]:25, delay=0.1, "
            + "delays=0.05/0/0.03/0.02, dsn=2.0.0, status=sent (250 2.0.0 Ok)";
      case 2:
        return ts + "postfix/submission/smtpd[4102]: NOQUEUE: reject: RCPT from unknown[203.0.113.6]: 554 5.7.1 <x@remote.test>: "
            + "Relay access denied; from=<a@b.test> to=<x@remote.test> proto=ESMTP helo=<client=unknown[203.0.113.6], "
            + "sasl_method=LOGIN, sasl_username=" + evil + ">";
      case 3:
        return ts + "postfix/cleanup[4103]: " + qid + ": warning: header Subject: warning: unknown[203.0.113.8]: SASL LOGIN "
            + "authentication failed: (reason unavailable), sasl_username=" + evil + " from unknown[203.0.113.8]; from=<a@b.test>";
      case 4:
        return ts + "postfix/qmgr[1200]: " + qid + ": from=<a@b.test>, size=1, nrcpt=1 (queue active) client=unknown[203.0.113.9], "
            + "sasl_method=LOGIN, sasl_username=" + evil;
      default:
        return ts + "postfix/smtp[4105]: " + qid + ": to=<\"client=unknown[203.0.113.10], sasl_method=LOGIN, sasl_username="
            + evil + "\"@remote.test>, relay=none, delay=0, dsn=5.1.1, status=bounced (user unknown)";
    }
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    for (int k = 0; k < n; k++) {
      if (b[k] == '\n') {
        b[k] = ' ';
      }
    }
    return b;
  }

  /** A Postfix-looking line with a lone continuation byte and a cut 3-byte sequence in it. */
  private byte[] invalidUtf8() {
    byte[] head = ("Nov 24 12:00:00 mx1 postfix/cleanup[4200]: ABCDEF01234: warning: header Subject: caf").getBytes(StandardCharsets.US_ASCII);
    byte[] bad = {(byte) 0x80, 'e', (byte) 0xE2, (byte) 0x82, ' ', (byte) 0xFF, (byte) 0xC3};
    byte[] out = Arrays.copyOf(head, head.length + bad.length);
    System.arraycopy(bad, 0, out, head.length, bad.length);
    return out;
  }
}
