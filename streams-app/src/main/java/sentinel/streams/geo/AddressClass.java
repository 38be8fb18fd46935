package sentinel.streams.geo;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Addresses that are not on the public internet get a label instead of a country, whatever a
 * database says: a login from 10.x or ::1 is a webmail or a local script, not a trip abroad.
 */
public final class AddressClass {
  private AddressClass() {}

  /** {@code loopback}, {@code private} or {@code reserved}; empty for a public address. */
  public static Optional<String> label(String ip) {
    InetAddress a = Ipv.parse(ip);
    if (a == null) {
      return Optional.of(GeoInfo.UNKNOWN);
    }
    if (a.isLoopbackAddress()) {
      return Optional.of(GeoInfo.LOOPBACK);
    }
    if (a.isSiteLocalAddress() || isUniqueLocal(a.getAddress())) {
      return Optional.of(GeoInfo.PRIVATE);
    }
    if (a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isMulticastAddress() || isReserved(a.getAddress())) {
      return Optional.of(GeoInfo.RESERVED);
    }
    return Optional.empty();
  }

  private static boolean isUniqueLocal(byte[] b) {
    return b.length == 16 && (b[0] & 0xfe) == 0xfc; // fc00::/7
  }

  /** RFC 6890 special-purpose IPv4 blocks not caught by InetAddress: shared (CGNAT), documentation, benchmarking, 240/4. */
  private static boolean isReserved(byte[] b) {
    if (b.length != 4) {
      return b.length == 16 && (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8; // 2001:db8::/32
    }
    int o0 = b[0] & 0xff;
    int o1 = b[1] & 0xff;
    int o2 = b[2] & 0xff;
    return o0 == 0
        || (o0 == 100 && o1 >= 64 && o1 <= 127) // 100.64/10 shared address space
        || (o0 == 192 && o1 == 0 && (o2 == 0 || o2 == 2)) // 192.0.0/24 IETF, 192.0.2/24 TEST-NET-1
        || (o0 == 198 && (o1 == 18 || o1 == 19)) // 198.18/15 benchmarking
        || (o0 == 198 && o1 == 51 && o2 == 100) // TEST-NET-2
        || (o0 == 203 && o1 == 0 && o2 == 113) // TEST-NET-3
        || o0 >= 240; // 240/4 and broadcast
  }
}
