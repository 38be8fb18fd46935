package sentinel.hook.decision;

import java.util.Locale;

/** Account names as every part of the system keys them (DESIGN.md "Accounts"). */
public final class Accounts {
  private Accounts() {}

  /** Trimmed and lower-cased; SASL user names are case-insensitive for every MTA we read. */
  public static String normalize(String account) {
    return account == null ? "" : account.trim().toLowerCase(Locale.ROOT);
  }

  /** The key of a local sender that submitted without SMTP AUTH. */
  public static String local(String user, String host) {
    return "local:" + normalize(user) + "@" + normalize(host);
  }
}
