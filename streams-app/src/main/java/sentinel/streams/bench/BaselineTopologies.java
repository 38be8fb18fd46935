package sentinel.streams.bench;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;

/** The two Streams apps the monitor is compared with. */
public final class BaselineTopologies {
  /** A Postfix queue ID after the program's "[pid]: " (short hex or long-ID form). */
  private static final Pattern QUEUE_ID = Pattern.compile("\\]: ([0-9A-F]{6,12}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{12,}):");

  private BaselineTopologies() {}

  /** The floor: read and deserialize (key and value as strings), nothing else. */
  public static Topology floor(String rawTopic) {
    StreamsBuilder b = new StreamsBuilder();
    b.stream(rawTopic, Consumed.with(Serdes.String(), Serdes.String()).withName("read"))
        .foreach((k, v) -> { }, Named.as("discard"));
    return b.build();
  }

  /**
   * The naive app: re-key every line by its Postfix queue ID (lines without one by host),
   * repartition, and count per key in 1-minute tumbling windows in RocksDB.
   */
  public static Topology naive(String rawTopic) {
    StreamsBuilder b = new StreamsBuilder();
    b.stream(rawTopic, Consumed.with(Serdes.String(), Serdes.String()).withName("read"))
        .selectKey((host, line) -> queueId(line, host), Named.as("key-by-queue-id"))
        .repartition(Repartitioned.<String, String>as("by-queue-id").withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
        .groupByKey(Grouped.<String, String>as("group-by-queue-id").withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1)))
        .count(Named.as("count-per-minute"), Materialized.as("queue-id-counts"));
    return b.build();
  }

  static String queueId(String line, String fallback) {
    Matcher m = QUEUE_ID.matcher(line);
    return m.find() ? m.group(1) : fallback;
  }
}
