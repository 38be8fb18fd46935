package sentinel.streams.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import sentinel.common.json.Json;
import sentinel.streams.serde.ByteReader;
import sentinel.streams.serde.ByteWriter;

/**
 * A compact binary form of {@link AccountEvent} for the {@code account-events} repartition topic.
 * Every event is written once and read once by the detectors; as JSON (type tag, field names, ISO
 * instants) it was the largest single cost of the monitor's stream thread.
 *
 * <p>Format (version 1): version byte, kind byte, then the record's components in declaration order
 * (strings and instants as {@link ByteWriter} writes them, counts as zig-zag varints, the outcome as
 * its name). Records written as JSON by an earlier version (they start with '{') are still read, so
 * an upgrade with events in flight on the repartition topic loses none. A record of an unknown version
 * or kind fails to deserialize, which the stream's exception handler counts and logs.
 */
public final class AccountEventSerde implements Serde<AccountEvent> {
  private static final String WHAT = "account event";
  private static final int VERSION = 1;
  private static final byte JSON_START = '{';
  private static final int MESSAGE = 1;
  private static final int LOGIN = 2;
  private static final int DELIVERY = 3;
  private static final int LOGIN_FAILED = 4;
  private static final int ACCOUNT_LOGIN_FAILED = 5;
  private static final int INBOUND_BOUNCE = 6;
  private final ObjectMapper legacyJson = Json.newMapper();

  @Override
  public Serializer<AccountEvent> serializer() {
    return (topic, event) -> event == null ? null : write(event);
  }

  @Override
  public Deserializer<AccountEvent> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  public static byte[] write(AccountEvent event) {
    ByteWriter out = new ByteWriter(96);
    out.writeByte(VERSION);
    if (event instanceof AccountEvent.MessageSubmitted m) {
      out.writeByte(MESSAGE);
      out.writeString(m.account());
      out.writeString(m.host());
      out.writeString(m.queueId());
      out.writeString(m.clientIp());
      out.writeString(m.sender());
      out.writeZig(m.recipients());
    } else if (event instanceof AccountEvent.Login l) {
      out.writeByte(LOGIN);
      out.writeString(l.account());
      out.writeString(l.host());
      out.writeString(l.clientIp());
    } else if (event instanceof AccountEvent.Delivery d) {
      out.writeByte(DELIVERY);
      out.writeString(d.account());
      out.writeString(d.host());
      out.writeString(d.outcome() == null ? null : d.outcome().name());
      out.writeString(d.dsn());
    } else if (event instanceof AccountEvent.LoginFailed f) {
      out.writeByte(LOGIN_FAILED);
      out.writeString(f.clientIp());
      out.writeString(f.host());
      out.writeString(f.account());
    } else if (event instanceof AccountEvent.AccountLoginFailed f) {
      out.writeByte(ACCOUNT_LOGIN_FAILED);
      out.writeString(f.account());
      out.writeString(f.host());
      out.writeString(f.clientIp());
    } else if (event instanceof AccountEvent.InboundBounce b) {
      out.writeByte(INBOUND_BOUNCE);
      out.writeString(b.account());
      out.writeString(b.host());
      out.writeString(b.queueId());
    } else {
      throw new SerializationException("no binary form for " + event.getClass().getName());
    }
    out.writeInstant(event.time());
    out.writeInstant(event.readAt());
    return out.toByteArray();
  }

  public AccountEvent read(byte[] data) {
    if (data.length > 0 && data[0] == JSON_START) {
      return readLegacyJson(data);
    }
    ByteReader in = new ByteReader(data, WHAT);
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new SerializationException("account event of unknown version " + version);
    }
    AccountEvent event = readBody(in, in.readUnsignedByte());
    in.expectEnd();
    return event;
  }

  private static AccountEvent readBody(ByteReader in, int kind) {
    switch (kind) {
      case MESSAGE:
        return new AccountEvent.MessageSubmitted(in.readString(), in.readString(), in.readString(), in.readString(),
            in.readString(), (int) in.readZig(), in.readInstant(), in.readInstant());
      case LOGIN:
        return new AccountEvent.Login(in.readString(), in.readString(), in.readString(), in.readInstant(), in.readInstant());
      case DELIVERY:
        return new AccountEvent.Delivery(in.readString(), in.readString(), outcome(in.readString()), in.readString(),
            in.readInstant(), in.readInstant());
      case LOGIN_FAILED:
        return new AccountEvent.LoginFailed(in.readString(), in.readString(), in.readString(), in.readInstant(), in.readInstant());
      case ACCOUNT_LOGIN_FAILED:
        return new AccountEvent.AccountLoginFailed(in.readString(), in.readString(), in.readString(), in.readInstant(),
            in.readInstant());
      case INBOUND_BOUNCE:
        return new AccountEvent.InboundBounce(in.readString(), in.readString(), in.readString(), in.readInstant(),
            in.readInstant());
      default:
        throw new SerializationException("account event of unknown kind " + kind);
    }
  }

  private static MtaEvent.Outcome outcome(String name) {
    if (name == null) {
      return null;
    }
    try {
      return MtaEvent.Outcome.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new SerializationException("account event with unknown outcome " + name, e);
    }
  }

  private AccountEvent readLegacyJson(byte[] data) {
    try {
      return legacyJson.readValue(data, AccountEvent.class);
    } catch (IOException e) {
      throw new SerializationException("unreadable JSON account event", e);
    }
  }
}
