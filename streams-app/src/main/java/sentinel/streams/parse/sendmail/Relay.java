package sentinel.streams.parse.sendmail;

/**
 * A Sendmail {@code relay=} value: {@code name [ip]}, {@code [ip]} when the client has no reverse
 * name, {@code name [ip] (may be forged)}, {@code [IPv6:2001:db8::1]}, or a bare name for
 * deliveries ({@code local}, {@code mx.remote.test.}).
 *
 * @param name the host name, null when there is none
 * @param ip the address inside the brackets, null when there is none
 */
record Relay(String name, String ip) {
  private static final String IPV6 = "IPv6:";

  static Relay of(String value) {
    if (value == null || value.isEmpty()) {
      return new Relay(null, null);
    }
    int open = value.indexOf('[');
    int close = open < 0 ? -1 : value.indexOf(']', open + 1);
    String ip = null;
    if (close > open) {
      ip = value.startsWith(IPV6, open + 1) ? value.substring(open + 1 + IPV6.length(), close) : value.substring(open + 1, close);
    }
    String name;
    if (open == 0) {
      name = null;
    } else if (open > 0) {
      name = value.substring(0, open).strip();
    } else {
      name = value;
    }
    return new Relay(name == null || name.isEmpty() ? null : name, ip);
  }
}
