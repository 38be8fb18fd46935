package sentinel.streams.correlate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import sentinel.common.json.Json;
import sentinel.streams.serde.ByteReader;
import sentinel.streams.serde.ByteWriter;

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
    ByteWriter out = new ByteWriter(64);
    out.writeByte(VERSION);
    out.writeString(m.account());
    out.writeString(m.clientIp());
    out.writeString(m.sender());
    out.writeZig(m.recipients());
    out.writeInstant(m.firstSeen());
    out.writeBoolean(m.submissionCounted());
    out.writeInstant(m.removedAt());
    out.writeBoolean(m.submitterKnown());
    writeStrings(out, m.deferred());
    writeStrings(out, m.seen());
    out.writeVarLong(m.buffered().size());
    for (PendingMessage.BufferedOutcome b : m.buffered()) {
      out.writeString(b.recipient());
      out.writeString(b.outcome());
      out.writeString(b.dsn());
      out.writeBoolean(b.local());
      out.writeInstant(b.time());
      out.writeInstant(b.readAt());
    }
    PendingMessage.Split split = m.split();
    out.writeBoolean(split != null);
    if (split != null) {
      out.writeString(split.queueId());
      out.writeZig(split.words());
      out.writeBoolean(split.lastWordComplete());
      out.writeZig(split.partsLeft());
    }
    return out.toByteArray();
  }

  public PendingMessage read(byte[] data) {
    if (data.length > 0 && data[0] == JSON_START) {
      return readLegacyJson(data);
    }
    ByteReader in = new ByteReader(data, WHAT);
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new SerializationException("pending message of unknown version " + version);
    }
    String account = in.readString();
    String clientIp = in.readString();
    String sender = in.readString();
    int recipients = (int) in.readZig();
    Instant firstSeen = in.readInstant();
    boolean submissionCounted = in.readBoolean();
    Instant removedAt = in.readInstant();
    boolean submitterKnown = in.readBoolean();
    List<String> deferred = readStrings(in);
    List<String> seen = readStrings(in);
    int n = in.readCount(MAX_LIST);
    List<PendingMessage.BufferedOutcome> buffered = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      buffered.add(new PendingMessage.BufferedOutcome(in.readString(), in.readString(), in.readString(), in.readBoolean(),
          in.readInstant(), in.readInstant()));
    }
    PendingMessage.Split split = in.readBoolean()
        ? new PendingMessage.Split(in.readString(), (int) in.readZig(), in.readBoolean(), (int) in.readZig())
        : null;
    in.expectEnd();
    return new PendingMessage(account, clientIp, sender, recipients, firstSeen, submissionCounted, removedAt,
        submitterKnown, deferred, seen, buffered, split);
  }

  private PendingMessage readLegacyJson(byte[] data) {
    try {
      return legacyJson.readValue(data, PendingMessage.class);
    } catch (IOException e) {
      throw new SerializationException("unreadable JSON pending message", e);
    }
  }

  private static void writeStrings(ByteWriter out, List<String> list) {
    out.writeVarLong(list.size());
    for (String s : list) {
      out.writeString(s);
    }
  }

  private static List<String> readStrings(ByteReader in) {
    int n = in.readCount(MAX_LIST);
    List<String> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(in.readString());
    }
    return list;
  }
}
