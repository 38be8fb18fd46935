package sentinel.streams.detect;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import sentinel.streams.serde.ByteReader;
import sentinel.streams.serde.ByteWriter;

/**
 * A compact binary form of {@link SubjectState} for the store and its changelog: per-account state is
 * read and written on every event and restored from the changelog on fail-over, so its size is
 * throughput. JSON spelled out 360 ring slots and every field name (several KiB); this writes only the
 * non-zero minutes, and every epoch minute as a small varint distance from one reference minute.
 *
 * <p>Format (version 1): version byte, reference minute, first activity (seconds), six rings (bitmap of
 * non-zero minutes, then their counts), baseline, client IPs (IPv4 as 4 bytes),
 * client IPs, peers, countries, last location, episodes. A record of an unknown version fails to
 * deserialize, which the stream's exception handler counts and logs.
 */
public final class SubjectStateSerde implements Serde<SubjectState> {
  private static final String WHAT = "subject state";
  private static final int VERSION = 1;

  @Override
  public Serializer<SubjectState> serializer() {
    return (topic, state) -> state == null ? null : write(state);
  }

  @Override
  public Deserializer<SubjectState> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  public static byte[] write(SubjectState s) {
    ByteWriter out = new ByteWriter(256);
    long ref = reference(s);
    out.writeByte(VERSION);
    out.writeVarLong(ref);
    out.writeVarLong(s.firstActivity().getEpochSecond());
    for (MinuteCounts c : rings(s)) {
      writeRing(out, c, ref);
    }
    Baseline b = s.baseline();
    out.writeZig(b.hour() == Long.MIN_VALUE ? Long.MIN_VALUE : ref / 60 - b.hour());
    out.writeVarLong(b.hourMessages());
    out.writeVarLong(b.hourRecipients());
    out.writeBoolean(b.hourCompromised());
    out.writeFloat(b.typicalMessages());
    out.writeFloat(b.typicalRecipients());
    out.writeFloat(b.peakMessages());
    out.writeFloat(b.peakRecipients());
    out.writeZig(ref / 60 - b.peakHour());
    out.writeVarLong(b.activeHours());
    writeMinutes(out, s.clientIps(), ref);
    writeMinutes(out, s.peers(), ref);
    out.writeVarLong(s.countries().size());
    for (Map.Entry<String, CountrySeen> e : s.countries().entrySet()) {
      writeString(out, e.getKey());
      out.writeZig(ref - e.getValue().firstMinute());
      out.writeZig(ref - e.getValue().lastMinute());
    }
    LastLocation loc = s.lastLocation();
    out.writeBoolean(loc != null);
    if (loc != null) {
      out.writeFloat(loc.latitude());
      out.writeFloat(loc.longitude());
      out.writeZig(ref - loc.minute());
      writeString(out, loc.country());
      out.writeZig(loc.impossibleTravelMinute() == Long.MIN_VALUE ? Long.MIN_VALUE : ref - loc.impossibleTravelMinute());
    }
    out.writeVarLong(s.episodes().size());
    for (Episode e : s.episodes().values()) {
      writeString(out, e.type());
      out.writeVarLong(e.firstSeen().getEpochSecond());
      out.writeZig(e.lastSeen().getEpochSecond() - e.firstSeen().getEpochSecond());
    }
    return out.toByteArray();
  }

  public static SubjectState read(byte[] data) {
    ByteReader in = new ByteReader(data, WHAT);
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new SerializationException("subject state of unknown version " + version);
    }
    long ref = in.readVarLong();
    Instant firstActivity = Instant.ofEpochSecond(in.readVarLong());
    MinuteCounts[] r = new MinuteCounts[6];
    for (int i = 0; i < r.length; i++) {
      r[i] = readRing(in, ref);
    }
    long hourDelta = in.readZig();
    long hour = hourDelta == Long.MIN_VALUE ? Long.MIN_VALUE : ref / 60 - hourDelta;
    int hm = (int) in.readVarLong();
    int hr = (int) in.readVarLong();
    boolean hc = in.readBoolean();
    Baseline b = new Baseline(hour, hm, hr, hc, in.readFloat(), in.readFloat(), in.readFloat(), in.readFloat(),
        ref / 60 - in.readZig(), (int) in.readVarLong());
    Map<String, Long> ips = readMinutes(in, ref);
    Map<String, Long> peers = readMinutes(in, ref);
    int nc = (int) in.readVarLong();
    Map<String, CountrySeen> countries = new LinkedHashMap<>();
    for (int i = 0; i < nc; i++) {
      String c = readString(in);
      long first = ref - in.readZig();
      countries.put(c, new CountrySeen(first, ref - in.readZig()));
    }
    LastLocation loc = null;
    if (in.readBoolean()) {
      float lat = in.readFloat();
      float lon = in.readFloat();
      long minute = ref - in.readZig();
      String country = readString(in);
      long imp = in.readZig();
      loc = new LastLocation(lat, lon, minute, country, imp == Long.MIN_VALUE ? Long.MIN_VALUE : ref - imp);
    }
    int ne = (int) in.readVarLong();
    Map<String, Episode> episodes = new LinkedHashMap<>();
    for (int i = 0; i < ne; i++) {
      String type = readString(in);
      long first = in.readVarLong();
      episodes.put(type, new Episode(type, Instant.ofEpochSecond(first), Instant.ofEpochSecond(first + in.readZig())));
    }
    return new SubjectState(r[0], r[1], r[2], r[3], r[4], r[5], b, ips, peers, countries, loc, firstActivity, episodes);
  }

  private static MinuteCounts[] rings(SubjectState s) {
    return new MinuteCounts[] {s.messages(), s.recipients(), s.bounced(), s.policyBounced(), s.authFailures(), s.inboundBounces()};
  }

  /** The newest minute anywhere in the state: every other minute is written as a distance from it. */
  private static long reference(SubjectState s) {
    long ref = s.firstActivity().getEpochSecond() / 60;
    for (MinuteCounts c : rings(s)) {
      ref = Math.max(ref, c.lastMinute());
    }
    for (long m : s.clientIps().values()) {
      ref = Math.max(ref, m);
    }
    for (long m : s.peers().values()) {
      ref = Math.max(ref, m);
    }
    return ref;
  }

  private static void writeRing(ByteWriter out, MinuteCounts c, long ref) {
    if (c.lastMinute() == Long.MIN_VALUE) {
      out.writeVarLong(0);
      return;
    }
    // A bitmap of the non-zero minutes (bit = age in minutes), then their counts.
    long bitmap = 0;
    for (int age = 0; age < MinuteCounts.SPAN; age++) {
      if (c.slots()[(int) Math.floorMod(c.lastMinute() - age, MinuteCounts.SPAN)] != 0) {
        bitmap |= 1L << age;
      }
    }
    out.writeVarLong(1);
    out.writeZig(ref - c.lastMinute());
    out.writeVarLong(bitmap);
    for (int age = 0; age < MinuteCounts.SPAN; age++) {
      if ((bitmap & (1L << age)) != 0) {
        out.writeVarLong(c.slots()[(int) Math.floorMod(c.lastMinute() - age, MinuteCounts.SPAN)]);
      }
    }
  }

  private static MinuteCounts readRing(ByteReader in, long ref) {
    long n = in.readVarLong();
    if (n == 0) {
      return MinuteCounts.empty();
    }
    long last = ref - in.readZig();
    long bitmap = in.readVarLong();
    int[] slots = new int[MinuteCounts.SPAN];
    for (int age = 0; age < MinuteCounts.SPAN; age++) {
      if ((bitmap & (1L << age)) != 0) {
        slots[(int) Math.floorMod(last - age, MinuteCounts.SPAN)] = (int) in.readVarLong();
      }
    }
    return new MinuteCounts(last, slots);
  }

  private static void writeMinutes(ByteWriter out, Map<String, Long> m, long ref) {
    out.writeVarLong(m.size());
    for (Map.Entry<String, Long> e : m.entrySet()) {
      writeKey(out, e.getKey());
      out.writeZig(ref - e.getValue());
    }
  }

  private static Map<String, Long> readMinutes(ByteReader in, long ref) {
    int n = (int) in.readVarLong();
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String k = readKey(in);
      m.put(k, ref - in.readZig());
    }
    return m;
  }

  /** An IPv4 literal as a 0 marker and 4 bytes (most keys are client IPs); anything else as a string. */
  private static void writeKey(ByteWriter out, String key) {
    long ip = canonicalIpv4(key);
    if (ip >= 0) {
      out.writeByte(0);
      out.writeByte((int) (ip >>> 24));
      out.writeByte((int) (ip >>> 16));
      out.writeByte((int) (ip >>> 8));
      out.writeByte((int) ip);
    } else {
      out.writeString(key);
    }
  }

  private static String readKey(ByteReader in) {
    long n = in.readVarLong();
    if (n == 0) {
      return in.readUnsignedByte() + "." + in.readUnsignedByte() + "." + in.readUnsignedByte() + "." + in.readUnsignedByte();
    }
    if (n > 1 << 16) {
      throw new SerializationException("corrupt subject state: key of length " + n);
    }
    return new String(in.readNBytes((int) n - 1), StandardCharsets.UTF_8);
  }

  /**
   * The address as 32 bits if {@code s} is a dotted quad exactly as it reads back (no leading zeros,
   * each part 0-255), else -1: only then may the key be stored as 4 bytes and still round-trip.
   */
  static long canonicalIpv4(String s) {
    int n = s.length();
    if (n < 7 || n > 15) {
      return -1;
    }
    long ip = 0;
    int part = 0;
    int digits = 0;
    int parts = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? s.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (digits > 0 && part == 0) {
          return -1;
        }
        part = part * 10 + (c - '0');
        digits++;
        if (part > 255) {
          return -1;
        }
      } else if (c == '.' && digits > 0 && parts < 4) {
        ip = ip << 8 | part;
        parts++;
        part = 0;
        digits = 0;
      } else {
        return -1;
      }
    }
    return parts == 4 ? ip : -1;
  }

  private static void writeString(ByteWriter out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeVarLong(b.length);
    out.write(b);
  }

  private static String readString(ByteReader in) {
    int n = (int) in.readVarLong();
    if (n < 0 || n > 1 << 16) {
      throw new SerializationException("corrupt subject state: string of length " + n);
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }
}
