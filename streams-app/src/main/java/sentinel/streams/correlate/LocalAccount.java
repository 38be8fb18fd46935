package sentinel.streams.correlate;

import java.util.Locale;

/**
 * The account of mail a local user submitted (sendmail binary, web forms): {@code local:<user>@<short host>},
 * lower-cased. The hook derives the same key for local senders ({@code hook.local.host}), so a decision
 * about a hijacked web form reaches the MTA.
 */
final class LocalAccount {
  private LocalAccount() {}

  static String key(String user, String host) {
    String name = user == null || user.isEmpty() ? "unknown" : localPart(user);
    int dot = host.indexOf('.');
    String shortHost = dot > 0 ? host.substring(0, dot) : host;
    return ("local:" + name + "@" + shortHost).toLowerCase(Locale.ROOT);
  }

  private static String localPart(String sender) {
    int at = sender.indexOf('@');
    return at < 0 ? sender : sender.substring(0, at);
  }
}
