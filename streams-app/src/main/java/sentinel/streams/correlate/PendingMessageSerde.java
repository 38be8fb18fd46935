package sentinel.streams.correlate;

import static sentinel.streams.serde.VarInts.readVarLong;
import static sentinel.streams.serde.VarInts.readZig;
import static sentinel.streams.serde.VarInts.writeVarLong;
import static sentinel.streams.serde.VarInts.writeZig;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import sentinel.common.json.Json;

/**
 * A compact binary form of {@link PendingMessage} for the {@code queue-correlation} store and its
 * changelog: the correlator reads and writes an entry for nearly every MTA line, and JSON (field names,
 * ISO instants) was the largest share of its time.
 *
 * <p>Format (version 1): version byte, then the fields in record order. Strings are a varint of
 * length + 1 (0 for null) and UTF-8 bytes; instants a presence byte, epoch seconds (zigzag varint) and
 * nanoseconds (varint); lists a varint count. Values written by the earlier JSON serde (they start
 * with '{') are still read, so a restart after the upgrade keeps the open messages. A record of an
 * unknown version fails to deserialize, which the stream's exception handler counts and logs.
 */
public final class PendingMessageSerde implements Serde<PendingMessage> {
  private static final String WHAT = "pending message";
  private static final int VERSION = 1;
  private static final byte JSON_START = '{';
  private static final int MAX_STRING_BYTES = 1 << 16;
  private static final int MAX_LIST = 1 << 16;
  private final ObjectMapper legacyJson = Json.newMapper();

  @Override
  public Serializer<PendingMessage> serializer() {
    return (topic, message) -> message == null ? null : write(message);
  }

  @Override
  public Deserializer<PendingMessage> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  public static byte[] write(PendingMessage m) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      writeString(out, m.account());
      writeString(out, m.clientIp());
      writeString(out, m.sender());
      writeZig(out, m.recipients());
      writeInstant(out, m.firstSeen());
      out.writeBoolean(m.submissionCounted());
      writeInstant(out, m.removedAt());
      out.writeBoolean(m.submitterKnown());
      writeStrings(out, m.deferred());
      writeStrings(out, m.seen());
      writeVarLong(out, m.buffered().size());
      for (PendingMessage.BufferedOutcome b : m.buffered()) {
        writeString(out, b.recipient());
        writeString(out, b.outcome());
        writeString(out, b.dsn());
        out.writeBoolean(b.local());
        writeInstant(out, b.time());
        writeInstant(out, b.readAt());
      }
      PendingMessage.Split split = m.split();
      out.writeBoolean(split != null);
      if (split != null) {
        writeString(out, split.queueId());
        writeZig(out, split.words());
        out.writeBoolean(split.lastWordComplete());
        writeZig(out, split.partsLeft());
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public PendingMessage read(byte[] data) {
    if (data.length > 0 && data[0] == JSON_START) {
      return readLegacyJson(data);
    }
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new SerializationException("pending message of unknown version " + version);
      }
      String account = readString(in);
      String clientIp = readString(in);
      String sender = readString(in);
      int recipients = (int) readZig(in, WHAT);
      Instant firstSeen = readInstant(in);
      boolean submissionCounted = in.readBoolean();
      Instant removedAt = readInstant(in);
      boolean submitterKnown = in.readBoolean();
      List<String> deferred = readStrings(in);
      List<String> seen = readStrings(in);
      int n = count(in);
      List<PendingMessage.BufferedOutcome> buffered = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        buffered.add(new PendingMessage.BufferedOutcome(readString(in), readString(in), readString(in), in.readBoolean(),
            readInstant(in), readInstant(in)));
      }
      PendingMessage.Split split = in.readBoolean()
          ? new PendingMessage.Split(readString(in), (int) readZig(in, WHAT), in.readBoolean(), (int) readZig(in, WHAT))
          : null;
      if (in.available() != 0) {
        throw new SerializationException("pending message with " + in.available() + " trailing bytes");
      }
      return new PendingMessage(account, clientIp, sender, recipients, firstSeen, submissionCounted, removedAt,
          submitterKnown, deferred, seen, buffered, split);
    } catch (IOException e) {
      throw new SerializationException("truncated pending message", e);
    }
  }

  private PendingMessage readLegacyJson(byte[] data) {
    try {
      return legacyJson.readValue(data, PendingMessage.class);
    } catch (IOException e) {
      throw new SerializationException("unreadable JSON pending message", e);
    }
  }

  private static void writeStrings(DataOutputStream out, List<String> list) throws IOException {
    writeVarLong(out, list.size());
    for (String s : list) {
      writeString(out, s);
    }
  }

  private static List<String> readStrings(DataInputStream in) throws IOException {
    int n = count(in);
    List<String> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(readString(in));
    }
    return list;
  }

  private static int count(DataInputStream in) throws IOException {
    long n = readVarLong(in, WHAT);
    if (n > MAX_LIST) {
      throw new SerializationException("corrupt pending message: list of " + n);
    }
    return (int) n;
  }

  private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeBoolean(t != null);
    if (t != null) {
      writeZig(out, t.getEpochSecond());
      writeVarLong(out, t.getNano());
    }
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(readZig(in, WHAT), readVarLong(in, WHAT)) : null;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      writeVarLong(out, 0);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeVarLong(out, b.length + 1L);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    long n = readVarLong(in, WHAT) - 1;
    if (n < 0) {
      return null;
    }
    if (n > MAX_STRING_BYTES) {
      throw new SerializationException("corrupt pending message: string of length " + n);
    }
    byte[] b = in.readNBytes((int) n);
    if (b.length != n) {
      throw new SerializationException("truncated pending message");
    }
    return new String(b, StandardCharsets.UTF_8);
  }
}
