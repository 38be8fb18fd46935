package sentinel.streams.serde;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The read half of {@link ByteWriter}'s format. Every read is bounds-checked: corrupt or truncated
 * input fails with a {@link SerializationException} naming the record ({@code what}), which the
 * stream's exception handler counts and logs, never an index error deep in a processor.
 */
public final class ByteReader {
  private static final int MAX_STRING_BYTES = 1 << 16;
  private final byte[] data;
  private final String what;
  private int pos;

  /** @param what names the record being read, for the error on corrupt input */
  public ByteReader(byte[] data, String what) {
    this.data = data;
    this.what = what;
  }

  public int readUnsignedByte() {
    if (pos >= data.length) {
      throw new SerializationException("truncated " + what);
    }
    return data[pos++] & 0xFF;
  }

  public boolean readBoolean() {
    return readUnsignedByte() != 0;
  }

  public byte[] readNBytes(int n) {
    if (n < 0 || n > remaining()) {
      throw new SerializationException("truncated " + what);
    }
    byte[] b = new byte[n];
    System.arraycopy(data, pos, b, 0, n);
    pos += n;
    return b;
  }

  public float readFloat() {
    int bits = readUnsignedByte() << 24 | readUnsignedByte() << 16 | readUnsignedByte() << 8 | readUnsignedByte();
    return Float.intBitsToFloat(bits);
  }

  public long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      int b = readUnsignedByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new SerializationException("corrupt " + what + ": varint too long");
  }

  public long readZig() {
    long v = readVarLong();
    return (v >>> 1) ^ -(v & 1);
  }

  /** A varint that counts something of at most {@code max}. */
  public int readCount(int max) {
    long n = readVarLong();
    if (n > max) {
      throw new SerializationException("corrupt " + what + ": count of " + n);
    }
    return (int) n;
  }

  public String readString() {
    long n = readVarLong() - 1;
    if (n < 0) {
      return null;
    }
    if (n > MAX_STRING_BYTES || n > remaining()) {
      throw new SerializationException("corrupt " + what + ": string of length " + n);
    }
    String s = new String(data, pos, (int) n, StandardCharsets.UTF_8);
    pos += (int) n;
    return s;
  }

  public Instant readInstant() {
    if (!readBoolean()) {
      return null;
    }
    long seconds = readZig();
    long nanos = readVarLong();
    if (nanos > 999_999_999L) {
      throw new SerializationException("corrupt " + what + ": nanoseconds " + nanos);
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  public int remaining() {
    return data.length - pos;
  }

  /** Fails unless every byte was read: a longer record is from a format this version does not know. */
  public void expectEnd() {
    if (remaining() != 0) {
      throw new SerializationException(what + " with " + remaining() + " trailing bytes");
    }
  }
}
