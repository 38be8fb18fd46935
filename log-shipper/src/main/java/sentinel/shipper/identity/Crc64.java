package sentinel.shipper.identity;

/**
 * CRC-64/XZ (ECMA-182 polynomial, reflected), the checksum xz and Go's {@code hash/crc64.ECMA}
 * use. The JDK has CRC-32 only; 32 bits collide too easily across thousands of rotated files.
 */
public final class Crc64 {
  private static final long POLY = 0xC96C5795D7870F42L;
  private static final long[] TABLE = new long[256];

  static {
    for (int i = 0; i < 256; i++) {
      long crc = i;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
      }
      TABLE[i] = crc;
    }
  }

  private Crc64() {}

  public static long of(byte[] bytes, int offset, int length) {
    long crc = -1L;
    for (int i = offset; i < offset + length; i++) {
      crc = TABLE[(int) ((crc ^ bytes[i]) & 0xff)] ^ (crc >>> 8);
    }
    return ~crc;
  }
}
