package sentinel.streams.geo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Builds small ustar archives in memory. */
final class TarFixture {
  private TarFixture() {}

  static byte[] of(Map<String, String> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new TreeMap<>(entries).forEach((name, text) -> {
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      byte[] h = new byte[512];
      put(h, 0, name);
      put(h, 100, "0000644");
      put(h, 124, String.format("%011o", body.length));
      h[156] = '0';
      put(h, 257, "ustar");
      out.write(h, 0, 512);
      out.write(body, 0, body.length);
      out.write(new byte[(512 - body.length % 512) % 512], 0, (512 - body.length % 512) % 512);
    });
    out.write(new byte[1024], 0, 1024);
    return out.toByteArray();
  }

  private static void put(byte[] h, int off, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
  }
}
