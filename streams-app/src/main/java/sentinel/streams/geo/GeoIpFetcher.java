package sentinel.streams.geo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fetches the free country database: the CC0-licensed {@code geo-whois-asn-country} build of the
 * ip-location-db project, which is published as an npm package. {@code npm pack} downloads it
 * through the user's own npm configuration (proxy, mirror), so no licence key and no extra URL is
 * needed; the .mmdb is taken out of the tarball and cached under {@code .sentinel/geoip/}.
 */
public final class GeoIpFetcher {
  public static final String PACKAGE = "@ip-location-db/geo-whois-asn-country-mmdb";
  static final String ENTRY = "package/geo-whois-asn-country.mmdb";

  private GeoIpFetcher() {}

  /** Downloads the package with npm and writes its database to {@code target}; returns the bytes written. */
  public static long fetch(Path target, String npm) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("sentinel-geoip");
    try {
      Process p = new ProcessBuilder(List.of(npm, "pack", PACKAGE, "--pack-destination", work.toString()))
          .redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IOException("npm pack " + PACKAGE + " failed: " + output.strip());
      }
      Path tarball;
      try (Stream<Path> files = Files.list(work)) {
        tarball = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
            .orElseThrow(() -> new IOException("npm pack produced no tarball: " + output.strip()));
      }
      Files.createDirectories(target.toAbsolutePath().getParent());
      Path partial = target.resolveSibling(target.getFileName() + ".partial");
      try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball))) {
        if (!extract(in, ENTRY, partial)) {
          throw new IOException(PACKAGE + " has no " + ENTRY);
        }
      }
      // Check it opens before it replaces a working copy.
      MaxMindLookup.open(partial).close();
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return Files.size(target);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** Copies one entry of a (ustar) tar stream to {@code out}; false when the entry is absent. */
  static boolean extract(InputStream tar, String entry, Path out) throws IOException {
    byte[] header = new byte[512];
    while (tar.readNBytes(header, 0, 512) == 512) {
      String name = field(header, 0, 100);
      if (name.isEmpty()) {
        return false; // end-of-archive block
      }
      String prefix = field(header, 345, 155);
      String full = prefix.isEmpty() ? name : prefix + "/" + name;
      long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
      long padded = (size + 511) / 512 * 512;
      if (full.equals(entry)) {
        try (var os = Files.newOutputStream(out)) {
          copy(tar, os, size);
        }
        return true;
      }
      tar.skipNBytes(padded);
    }
    return false;
  }

  private static void copy(InputStream in, java.io.OutputStream out, long size) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException("tarball ends inside " + ENTRY);
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }

  private static String field(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.US_ASCII);
  }
}
