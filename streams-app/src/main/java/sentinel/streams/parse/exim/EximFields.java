package sentinel.streams.parse.exim;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code KEY=value} fields of an Exim log line, read left to right the way Exim writes them:
 * quoted values ({@code C="250 OK"}, {@code T="subject"}) and angle-bracketed addresses are single
 * values, and {@code H=} takes the words up to and including the bracketed IP ({@code H=name
 * (helo) [192.0.2.1]:25}). Reading stops at the first word that is not a field, so a
 * {@code sasl_username=} or {@code A=} inside a subject, an address or the reason text can never
 * pass for a field.
 */
final class EximFields {
  private final Map<String, String> values = new HashMap<>(8);
  /** Index in the line where reading stopped (the first word that is not a field). */
  private final int end;

  private EximFields(String line, int from) {
    int i = from;
    int n = line.length();
    while (i < n) {
      while (i < n && line.charAt(i) == ' ') {
        i++;
      }
      int eq = keyEnd(line, i);
      if (eq < 0) {
        break;
      }
      String key = line.substring(i, eq);
      int v = eq + 1;
      int stop = key.equals("H") ? hostEnd(line, v) : valueEnd(line, v);
      values.putIfAbsent(key, line.substring(v, stop));
      i = stop;
    }
    this.end = Math.min(i, n);
  }

  /** Reads the fields of {@code line} starting at {@code from}. */
  static EximFields read(String line, int from) {
    return new EximFields(line, from);
  }

  String get(String key) {
    return values.get(key);
  }

  boolean has(String key) {
    return values.containsKey(key);
  }

  int end() {
    return end;
  }

  /** The IP inside the brackets of an {@code H=} value, or null. */
  static String ip(String hostValue) {
    if (hostValue == null) {
      return null;
    }
    int open = hostValue.lastIndexOf('[');
    int close = hostValue.indexOf(']', open + 1);
    return open < 0 || close < 0 ? null : hostValue.substring(open + 1, close);
  }

  /** {@code ip:port} of an {@code H=} value: identifies one SMTP connection. */
  static String session(String hostValue) {
    String ip = ip(hostValue);
    if (ip == null) {
      return null;
    }
    int close = hostValue.indexOf(']', hostValue.lastIndexOf('['));
    int port = close + 1 < hostValue.length() && hostValue.charAt(close + 1) == ':' ? close + 2 : -1;
    if (port < 0) {
      return ip;
    }
    int portEnd = port;
    while (portEnd < hostValue.length() && Character.isDigit(hostValue.charAt(portEnd))) {
      portEnd++;
    }
    return ip + ":" + hostValue.substring(port, portEnd);
  }

  /** The host name an {@code H=} value gives before the helo and IP, or null when there is none. */
  static String hostName(String hostValue) {
    if (hostValue == null || hostValue.isEmpty() || hostValue.charAt(0) == '(' || hostValue.charAt(0) == '[') {
      return null;
    }
    int sp = hostValue.indexOf(' ');
    return sp < 0 ? hostValue : hostValue.substring(0, sp);
  }

  /** End of a field key: letters, digits and '_' up to '='; -1 when the word is not a field. */
  private static int keyEnd(String line, int i) {
    int j = i;
    while (j < line.length()) {
      char c = line.charAt(j);
      if (c == '=') {
        return j > i ? j : -1;
      }
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return -1;
      }
      j++;
    }
    return -1;
  }

  private static int valueEnd(String line, int v) {
    int n = line.length();
    if (v < n && line.charAt(v) == '"') {
      int j = v + 1;
      while (j < n) {
        char c = line.charAt(j);
        if (c == '\\') {
          j += 2;
          continue;
        }
        if (c == '"') {
          return j + 1;
        }
        j++;
      }
      return n;
    }
    if (v < n && line.charAt(v) == '<') {
      int close = line.indexOf('>', v);
      if (close > 0) {
        return close + 1;
      }
    }
    int sp = line.indexOf(' ', v);
    return sp < 0 ? n : sp;
  }

  /**
   * {@code H=} is up to three words: an optional verified name, an optional {@code (helo)} and
   * the bracketed IP with its port ({@code H=name (helo) [192.0.2.1]:25}).
   */
  private static int hostEnd(String line, int v) {
    int n = line.length();
    int j = v;
    if (j < n && line.charAt(j) != '(' && line.charAt(j) != '[') {
      j = wordEnd(line, j);
      if (j + 1 >= n || (line.charAt(j + 1) != '(' && line.charAt(j + 1) != '[')) {
        return j;
      }
      j++;
    }
    if (j < n && line.charAt(j) == '(') {
      int close = line.indexOf(')', j);
      if (close < 0) {
        return wordEnd(line, j);
      }
      j = close + 1;
      if (j + 1 >= n || line.charAt(j) != ' ' || line.charAt(j + 1) != '[') {
        return j;
      }
      j++;
    }
    return wordEnd(line, j);
  }

  private static int wordEnd(String line, int from) {
    int sp = line.indexOf(' ', from);
    return sp < 0 ? line.length() : sp;
  }


}
