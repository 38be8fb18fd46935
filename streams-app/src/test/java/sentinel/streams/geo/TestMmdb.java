package sentinel.streams.geo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal writer of MaxMind DB files (format 2.0: IPv4 search tree, 32-bit records, data section,
 * metadata), so tests build their own small database instead of downloading one. MaxMind's own
 * writers are Perl and Go; this one covers just the types the readers here need: maps, UTF-8
 * strings, doubles, unsigned integers and arrays.
 */
public final class TestMmdb {
  private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};
  private final List<int[]> nodes = new ArrayList<>(); // [left, right]; -1 empty, <= -2 data (-(offset + 2))
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();
  private final String databaseType;

  public TestMmdb(String databaseType) {
    this.databaseType = databaseType;
    nodes.add(new int[] {-1, -1});
  }

  /** Maps {@code cidr} (IPv4, e.g. "81.10.0.0/16") to {@code record}; networks must not overlap. */
  public TestMmdb put(String cidr, Map<String, Object> record) {
    String[] parts = cidr.split("/");
    String[] o = parts[0].split("\\.");
    long ip = 0;
    for (String p : o) {
      ip = ip << 8 | Integer.parseInt(p);
    }
    int prefix = Integer.parseInt(parts[1]);
    int offset = data.size();
    encode(record, data);
    int node = 0;
    for (int bit = 0; bit < prefix; bit++) {
      int side = (int) (ip >>> (31 - bit)) & 1;
      if (bit == prefix - 1) {
        nodes.get(node)[side] = -(offset + 2);
      } else {
        if (nodes.get(node)[side] < 0) {
          nodes.add(new int[] {-1, -1});
          nodes.get(node)[side] = nodes.size() - 1;
        }
        node = nodes.get(node)[side];
      }
    }
    return this;
  }

  public Path write(Path file) {
    try {
      int n = nodes.size();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int[] node : nodes) {
        for (int r : node) {
          long v = r == -1 ? n : r <= -2 ? (long) n + 16 + (-r - 2) : r;
          out.write((int) (v >>> 24));
          out.write((int) (v >>> 16));
          out.write((int) (v >>> 8));
          out.write((int) v);
        }
      }
      out.write(new byte[16]);
      out.write(data.toByteArray());
      out.write(METADATA_MARKER);
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("binary_format_major_version", new Uint(2));
      meta.put("binary_format_minor_version", new Uint(0));
      meta.put("build_epoch", new Uint(1_700_000_000L));
      meta.put("database_type", databaseType);
      meta.put("description", Map.of("en", "Outbound Sentinel test database"));
      meta.put("ip_version", new Uint(4));
      meta.put("languages", List.of("en"));
      meta.put("node_count", new Uint(n));
      meta.put("record_size", new Uint(32));
      encode(meta, out);
      Files.write(file, out.toByteArray());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An unsigned integer field (uint32 in the format). */
  public record Uint(long value) {}

  private static void encode(Object value, ByteArrayOutputStream out) {
    if (value instanceof String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      control(2, b.length, out);
      out.write(b, 0, b.length);
    } else if (value instanceof Double d) {
      control(3, 8, out);
      long bits = Double.doubleToLongBits(d);
      for (int i = 7; i >= 0; i--) {
        out.write((int) (bits >>> (8 * i)));
      }
    } else if (value instanceof Uint u) {
      long v = u.value();
      int len = v == 0 ? 0 : (64 - Long.numberOfLeadingZeros(v) + 7) / 8;
      if (len > 4) {
        out.write(len); // uint64: extended type 9
        out.write(9 - 7);
      } else {
        control(6, len, out);
      }
      for (int i = len - 1; i >= 0; i--) {
        out.write((int) (v >>> (8 * i)));
      }
    } else if (value instanceof Map<?, ?> m) {
      control(7, m.size(), out);
      m.forEach((k, v) -> {
        encode(k.toString(), out);
        encode(v, out);
      });
    } else if (value instanceof List<?> l) {
      out.write(l.size()); // array: extended type 11, size < 29
      out.write(11 - 7);
      l.forEach(v -> encode(v, out));
    } else {
      throw new IllegalArgumentException("unsupported value " + value);
    }
  }

  private static void control(int type, int size, ByteArrayOutputStream out) {
    if (size < 29) {
      out.write(type << 5 | size);
    } else if (size < 29 + 256) {
      out.write(type << 5 | 29);
      out.write(size - 29);
    } else {
      out.write(type << 5 | 30);
      out.write((size - 285) >>> 8);
      out.write(size - 285);
    }
  }
}
