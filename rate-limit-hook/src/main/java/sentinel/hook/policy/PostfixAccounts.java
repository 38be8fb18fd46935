package sentinel.hook.policy;

import sentinel.hook.decision.Accounts;

/**
 * Which account a Postfix request speaks for (DESIGN.md "Accounts").
 *
 * <ul>
 *   <li>{@code sasl_username}, lower-cased, when the client authenticated.
 *   <li>Without SMTP AUTH, a client on loopback is a local program (a web application talking
 *       SMTP to localhost, or pickup mail re-injected through an smtpd as the README shows):
 *       Postfix passes only the envelope {@code sender} and {@code client_address} there, never
 *       the submitting uid, so the account is {@code local:<sender local part>@<host>}; for
 *       {@code sendmail}/pickup that local part is the Unix user name, as in the detector's key.
 *   <li>Anything else (mail from the Internet, a bounce with a null sender) has no account.
 * </ul>
 */
public final class PostfixAccounts {
  private final String localHost;

  public PostfixAccounts(String localHost) {
    this.localHost = localHost;
  }

  /** The normalised account, or "" when the request has none. */
  public String accountOf(PolicyRequest r) {
    if (!r.saslUsername().isEmpty()) {
      return Accounts.normalize(r.saslUsername());
    }
    if (isLoopback(r.clientAddress()) && !r.sender().isEmpty()) {
      int at = r.sender().lastIndexOf('@');
      String user = at > 0 ? r.sender().substring(0, at) : r.sender();
      return user.isEmpty() ? "" : Accounts.local(user, localHost);
    }
    return "";
  }

  static boolean isLoopback(String address) {
    return address.startsWith("127.") || address.equals("::1") || address.equals("::ffff:127.0.0.1");
  }

  /**
   * Recipients this request spends from a throttle budget: one per RCPT, the message's
   * {@code recipient_count} at DATA or END-OF-MESSAGE, none at other stages. Returns -1 when
   * {@code recipient_count} is not a number (counted as malformed; the caller charges 1).
   */
  public static int recipients(PolicyRequest r) {
    return switch (r.protocolState()) {
      case "RCPT" -> 1;
      case "DATA", "END-OF-MESSAGE" -> parseCount(r.recipientCount());
      default -> 0;
    };
  }

  private static int parseCount(String s) {
    if (s.isEmpty()) {
      return 1;
    }
    try {
      return Math.max(1, Integer.parseInt(s));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
