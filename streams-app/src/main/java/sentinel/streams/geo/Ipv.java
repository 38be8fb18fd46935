package sentinel.streams.geo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP literals without ever doing a DNS lookup (InetAddress.getByName would resolve names). */
final class Ipv {
  private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+(%\\w+)?");

  private Ipv() {}

  /** The address, or null when {@code ip} is not an IP literal. */
  static InetAddress parse(String ip) {
    if (ip == null || ip.isEmpty()) {
      return null;
    }
    String s = ip.startsWith("ipv6:") || ip.startsWith("IPv6:") ? ip.substring(5) : ip;
    boolean v4 = V4.matcher(s).matches();
    if (!v4 && !(s.indexOf(':') >= 0 && V6.matcher(s).matches())) {
      return null;
    }
    if (v4) {
      for (String part : s.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return null;
        }
      }
    }
    try {
      return InetAddress.getByName(s); // a literal: no resolution happens
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }
}
