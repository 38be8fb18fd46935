package sentinel.streams.detect;

import static sentinel.streams.serde.VarInts.readVarLong;
import static sentinel.streams.serde.VarInts.readZig;
import static sentinel.streams.serde.VarInts.writeVarLong;
import static sentinel.streams.serde.VarInts.writeZig;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

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
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      DataOutputStream out = new DataOutputStream(bytes);
      long ref = reference(s);
      out.writeByte(VERSION);
      writeVarLong(out, ref);
      writeVarLong(out, s.firstActivity().getEpochSecond());
      for (MinuteCounts c : rings(s)) {
        writeRing(out, c, ref);
      }
      Baseline b = s.baseline();
      writeZig(out, b.hour() == Long.MIN_VALUE ? Long.MIN_VALUE : ref / 60 - b.hour());
      writeVarLong(out, b.hourMessages());
      writeVarLong(out, b.hourRecipients());
      out.writeBoolean(b.hourCompromised());
      out.writeFloat(b.typicalMessages());
      out.writeFloat(b.typicalRecipients());
      out.writeFloat(b.peakMessages());
      out.writeFloat(b.peakRecipients());
      writeZig(out, ref / 60 - b.peakHour());
      writeVarLong(out, b.activeHours());
      writeMinutes(out, s.clientIps(), ref);
      writeMinutes(out, s.peers(), ref);
      writeVarLong(out, s.countries().size());
      for (Map.Entry<String, CountrySeen> e : s.countries().entrySet()) {
        writeString(out, e.getKey());
        writeZig(out, ref - e.getValue().firstMinute());
        writeZig(out, ref - e.getValue().lastMinute());
      }
      LastLocation loc = s.lastLocation();
      out.writeBoolean(loc != null);
      if (loc != null) {
        out.writeFloat(loc.latitude());
        out.writeFloat(loc.longitude());
        writeZig(out, ref - loc.minute());
        writeString(out, loc.country());
        writeZig(out, loc.impossibleTravelMinute() == Long.MIN_VALUE ? Long.MIN_VALUE : ref - loc.impossibleTravelMinute());
      }
      writeVarLong(out, s.episodes().size());
      for (Episode e : s.episodes().values()) {
        writeString(out, e.type());
        writeVarLong(out, e.firstSeen().getEpochSecond());
        writeZig(out, e.lastSeen().getEpochSecond() - e.firstSeen().getEpochSecond());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static SubjectState read(byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new SerializationException("subject state of unknown version " + version);
      }
      long ref = readVarLong(in, WHAT);
      Instant firstActivity = Instant.ofEpochSecond(readVarLong(in, WHAT));
      MinuteCounts[] r = new MinuteCounts[6];
      for (int i = 0; i < r.length; i++) {
        r[i] = readRing(in, ref);
      }
      long hourDelta = readZig(in, WHAT);
      long hour = hourDelta == Long.MIN_VALUE ? Long.MIN_VALUE : ref / 60 - hourDelta;
      int hm = (int) readVarLong(in, WHAT);
      int hr = (int) readVarLong(in, WHAT);
      boolean hc = in.readBoolean();
      Baseline b = new Baseline(hour, hm, hr, hc, in.readFloat(), in.readFloat(), in.readFloat(), in.readFloat(),
          ref / 60 - readZig(in, WHAT), (int) readVarLong(in, WHAT));
      Map<String, Long> ips = readMinutes(in, ref);
      Map<String, Long> peers = readMinutes(in, ref);
      int nc = (int) readVarLong(in, WHAT);
      Map<String, CountrySeen> countries = new LinkedHashMap<>();
      for (int i = 0; i < nc; i++) {
        String c = readString(in);
        long first = ref - readZig(in, WHAT);
        countries.put(c, new CountrySeen(first, ref - readZig(in, WHAT)));
      }
      LastLocation loc = null;
      if (in.readBoolean()) {
        float lat = in.readFloat();
        float lon = in.readFloat();
        long minute = ref - readZig(in, WHAT);
        String country = readString(in);
        long imp = readZig(in, WHAT);
        loc = new LastLocation(lat, lon, minute, country, imp == Long.MIN_VALUE ? Long.MIN_VALUE : ref - imp);
      }
      int ne = (int) readVarLong(in, WHAT);
      Map<String, Episode> episodes = new LinkedHashMap<>();
      for (int i = 0; i < ne; i++) {
        String type = readString(in);
        long first = readVarLong(in, WHAT);
        episodes.put(type, new Episode(type, Instant.ofEpochSecond(first), Instant.ofEpochSecond(first + readZig(in, WHAT))));
      }
      return new SubjectState(r[0], r[1], r[2], r[3], r[4], r[5], b, ips, peers, countries, loc, firstActivity, episodes);
    } catch (IOException e) {
      throw new SerializationException("truncated subject state", e);
    }
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

  private static void writeRing(DataOutputStream out, MinuteCounts c, long ref) throws IOException {
    if (c.lastMinute() == Long.MIN_VALUE) {
      writeVarLong(out, 0);
      return;
    }
    // A bitmap of the non-zero minutes (bit = age in minutes), then their counts.
    long bitmap = 0;
    for (int age = 0; age < MinuteCounts.SPAN; age++) {
      if (c.slots()[(int) Math.floorMod(c.lastMinute() - age, MinuteCounts.SPAN)] != 0) {
        bitmap |= 1L << age;
      }
    }
    writeVarLong(out, 1);
    writeZig(out, ref - c.lastMinute());
    writeVarLong(out, bitmap);
    for (int age = 0; age < MinuteCounts.SPAN; age++) {
      if ((bitmap & (1L << age)) != 0) {
        writeVarLong(out, c.slots()[(int) Math.floorMod(c.lastMinute() - age, MinuteCounts.SPAN)]);
      }
    }
  }

  private static MinuteCounts readRing(DataInputStream in, long ref) throws IOException {
    long n = readVarLong(in, WHAT);
    if (n == 0) {
      return MinuteCounts.empty();
    }
    long last = ref - readZig(in, WHAT);
    long bitmap = readVarLong(in, WHAT);
    int[] slots = new int[MinuteCounts.SPAN];
    for (int age = 0; age < MinuteCounts.SPAN; age++) {
      if ((bitmap & (1L << age)) != 0) {
        slots[(int) Math.floorMod(last - age, MinuteCounts.SPAN)] = (int) readVarLong(in, WHAT);
      }
    }
    return new MinuteCounts(last, slots);
  }

  private static void writeMinutes(DataOutputStream out, Map<String, Long> m, long ref) throws IOException {
    writeVarLong(out, m.size());
    for (Map.Entry<String, Long> e : m.entrySet()) {
      writeKey(out, e.getKey());
      writeZig(out, ref - e.getValue());
    }
  }

  private static Map<String, Long> readMinutes(DataInputStream in, long ref) throws IOException {
    int n = (int) readVarLong(in, WHAT);
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String k = readKey(in);
      m.put(k, ref - readZig(in, WHAT));
    }
    return m;
  }

  private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  /** An IPv4 literal as a 0 marker and 4 bytes (most keys are client IPs); anything else as a string. */
  private static void writeKey(DataOutputStream out, String key) throws IOException {
    java.util.regex.Matcher m = IPV4.matcher(key);
    if (m.matches() && Integer.parseInt(m.group(1)) < 256 && Integer.parseInt(m.group(2)) < 256 && Integer.parseInt(m.group(3)) < 256
        && Integer.parseInt(m.group(4)) < 256 && key.equals(Integer.parseInt(m.group(1)) + "." + Integer.parseInt(m.group(2)) + "."
        + Integer.parseInt(m.group(3)) + "." + Integer.parseInt(m.group(4)))) {
      out.writeByte(0);
      for (int g = 1; g <= 4; g++) {
        out.writeByte(Integer.parseInt(m.group(g)));
      }
    } else {
      writeVarLong(out, key.getBytes(StandardCharsets.UTF_8).length + 1L);
      out.write(key.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String readKey(DataInputStream in) throws IOException {
    long n = readVarLong(in, WHAT);
    if (n == 0) {
      return in.readUnsignedByte() + "." + in.readUnsignedByte() + "." + in.readUnsignedByte() + "." + in.readUnsignedByte();
    }
    if (n > 1 << 16) {
      throw new SerializationException("corrupt subject state: key of length " + n);
    }
    return new String(in.readNBytes((int) n - 1), StandardCharsets.UTF_8);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeVarLong(out, b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = (int) readVarLong(in, WHAT);
    if (n < 0 || n > 1 << 16) {
      throw new SerializationException("corrupt subject state: string of length " + n);
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }
}
