package sentinel.streams.serde;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The write half of the compact binary serdes: a growable byte array with variable-length integers
 * (7 bits a byte), zig-zag signed values, nullable strings and instants. Unlike
 * {@code DataOutputStream} over {@code ByteArrayOutputStream} it takes no lock per byte, which showed
 * in the monitor's profile: these serdes run several times for every log line.
 *
 * <p>Strings are a varint of UTF-8 length + 1 (0 for null) and the bytes; instants a presence byte,
 * epoch seconds (zig-zag) and nanoseconds.
 */
public final class ByteWriter {
  private byte[] buf;
  private int size;

  public ByteWriter(int initialCapacity) {
    this.buf = new byte[Math.max(16, initialCapacity)];
  }

  public void writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  public void writeBoolean(boolean b) {
    writeByte(b ? 1 : 0);
  }

  public void write(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
  }

  public void writeFloat(float f) {
    int bits = Float.floatToIntBits(f);
    ensure(4);
    buf[size++] = (byte) (bits >>> 24);
    buf[size++] = (byte) (bits >>> 16);
    buf[size++] = (byte) (bits >>> 8);
    buf[size++] = (byte) bits;
  }

  public void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  public void writeZig(long v) {
    writeVarLong((v << 1) ^ (v >> 63));
  }

  public void writeString(String s) {
    if (s == null) {
      writeVarLong(0);
      return;
    }
    if (isAscii(s)) {
      // The common case (addresses, IPs, queue IDs): one pass, no intermediate byte array.
      int n = s.length();
      writeVarLong(n + 1L);
      ensure(n);
      for (int i = 0; i < n; i++) {
        buf[size++] = (byte) s.charAt(i);
      }
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeVarLong(b.length + 1L);
    write(b);
  }

  public void writeInstant(Instant t) {
    writeBoolean(t != null);
    if (t != null) {
      writeZig(t.getEpochSecond());
      writeVarLong(t.getNano());
    }
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private static boolean isAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
