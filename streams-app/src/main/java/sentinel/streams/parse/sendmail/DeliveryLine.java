package sentinel.streams.parse.sendmail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parts of a Sendmail delivery line ({@code to=<r1>,<r2>, [ctladdr=…, ]delay=…, xdelay=…,
 * mailer=…, pri=…, relay=…, dsn=…, [reply=…, ]stat=…}) that say what became of the recipients.
 *
 * <p>Fields are found left to right, each after the previous one. Everything up to {@code dsn=} is
 * written by Sendmail itself; {@code reply=} and {@code stat=} repeat the remote server's text, so
 * the outcome is read from the DSN code and never from that text.
 */
final class DeliveryLine {
  private DeliveryLine() {}

  /**
   * The recipients of a {@code to=} list that starts at {@code from}, lower case and without angle
   * brackets, and the index where the list ends. Commas inside {@code <…>} or quotes do not split.
   *
   * @return the end index (at the {@code ", "} after the list), or -1 when the list is not closed
   */
  static int recipients(String msg, int from, List<String> out) {
    int n = msg.length();
    int start = from;
    int i = from;
    boolean quoted = false;
    int angle = 0;
    while (i < n) {
      char c = msg.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '<') {
        angle++;
      } else if (c == '>' && angle > 0) {
        angle--;
      } else if (c == ',' && angle == 0) {
        if (i > start) {
          out.add(address(msg.substring(start, i)));
        }
        if (i + 1 < n && msg.charAt(i + 1) == ' ') {
          return i;
        }
        start = i + 1;
      }
      i++;
    }
    return -1;
  }

  private static String address(String raw) {
    String a = raw.length() >= 2 && raw.charAt(0) == '<' && raw.charAt(raw.length() - 1) == '>' ? raw.substring(1, raw.length() - 1) : raw;
    return a.toLowerCase(Locale.ROOT);
  }

  /** The value of {@code key} ({@code ", key=value"}) at or after {@code from}, up to the next {@code ", "}; null when absent. */
  static String field(String msg, int from, String key) {
    int at = msg.indexOf(key, from);
    if (at < 0) {
      return null;
    }
    int v = at + key.length();
    int end = msg.indexOf(", ", v);
    return msg.substring(v, end < 0 ? msg.length() : end);
  }

  /** True for a DSN code {@code d.d{1,3}.d{1,3}} whose class is 2, 4 or 5. */
  static boolean isDsn(String s) {
    if (s == null || s.length() < 5 || s.length() > 9 || s.charAt(1) != '.') {
      return false;
    }
    char cls = s.charAt(0);
    if (cls != '2' && cls != '4' && cls != '5') {
      return false;
    }
    int dot = s.indexOf('.', 2);
    return dot > 2 && dot - 2 <= 3 && digits(s, 2, dot) && s.length() - dot - 1 >= 1 && s.length() - dot - 1 <= 3
        && digits(s, dot + 1, s.length());
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return from < to;
  }

  static List<String> newList() {
    return new ArrayList<>(4);
  }
}
