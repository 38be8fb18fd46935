package sentinel.shipper.tail;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Searches in byte arrays eight bytes at a time (SWAR: each {@code long} word is tested for the
 * bytes sought with a few arithmetic operations instead of eight compare-and-branch steps). Every
 * byte of a mail log passes through two such searches, for the line end and for what JSON must
 * escape; byte by byte they were a large part of the shipper's own CPU.
 *
 * <p>The word test {@code (x - 0x01..01) & ~x & 0x80..80} is non-zero when a byte of {@code x} is
 * zero, and its lowest set bit marks the first such byte (higher ones may be false positives, which
 * is why only the first match of a word is used). Words are read little-endian, so the lowest
 * byte is the first in the array.
 */
public final class ByteScan {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long NEWLINES = ONES * '\n';
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long SPACES = ONES * 0x20;

  private ByteScan() {}

  /** Index of the first {@code '\n'} in {@code b[from, end)}, or {@code end}. */
  public static int indexOfNewline(byte[] b, int from, int end) {
    int i = from;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      long hit = zeroBytes((long) LONGS.get(b, i) ^ NEWLINES);
      if (hit != 0) {
        return i + (Long.numberOfTrailingZeros(hit) >>> 3);
      }
    }
    for (; i < end; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return end;
  }

  /**
   * Index of the first byte in {@code b[from, end)} that JSON or UTF-8 care about: below 0x20
   * (control characters), above 0x7F (not ASCII), {@code '"'} or {@code '\\'}; or {@code end}.
   */
  public static int indexOfJsonSpecial(byte[] b, int from, int end) {
    int i = from;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      long x = (long) LONGS.get(b, i);
      // High bit set: not ASCII. Below 0x20: x - 0x20 borrows into the high bit of an ASCII byte.
      long hit = (x & HIGHS) | ((x - SPACES) & ~x & HIGHS) | zeroBytes(x ^ QUOTES) | zeroBytes(x ^ BACKSLASHES);
      if (hit != 0) {
        // The subtraction's borrow may flag bytes after a real hit, never before it: check bytewise
        // from the word's start to be exact.
        return firstSpecialBytewise(b, i, end);
      }
    }
    return firstSpecialBytewise(b, i, end);
  }

  private static int firstSpecialBytewise(byte[] b, int from, int end) {
    for (int i = from; i < end; i++) {
      byte c = b[i];
      if (c < 0x20 || c == '"' || c == '\\') { // signed: bytes above 0x7F are negative
        return i;
      }
    }
    return end;
  }

  /** High bit set in each byte of the result where {@code x} has a zero byte (exact for the lowest one). */
  private static long zeroBytes(long x) {
    return (x - ONES) & ~x & HIGHS;
  }
}
