package sentinel.streams.serde;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Variable-length integers (7 bits a byte) and zig-zag signed values, shared by the compact state
 * serdes: small counts and offsets take one or two bytes instead of eight.
 */
public final class VarInts {
  private VarInts() {}

  public static void writeZig(DataOutputStream out, long v) throws IOException {
    writeVarLong(out, (v << 1) ^ (v >> 63));
  }

  public static long readZig(DataInputStream in, String what) throws IOException {
    long v = readVarLong(in, what);
    return (v >>> 1) ^ -(v & 1);
  }

  public static void writeVarLong(DataOutputStream out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  /** @param what names the record being read, for the error on corrupt input */
  public static long readVarLong(DataInputStream in, String what) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new SerializationException("corrupt " + what + ": varint too long");
  }
}
