package sentinel.shipper.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;
import sentinel.common.kafka.TopicSettings;
import sentinel.common.metrics.MetricsSettings;

/**
 * Everything the shipper needs, validated once at startup; messages name the key.
 *
 * @param paths files or globs to tail ({@code shipper.paths})
 * @param host MTA host name written as the record key ({@code shipper.host})
 * @param checkpointFile where committed offsets are kept ({@code shipper.checkpoint.file})
 * @param maxLineBytes longer lines are shipped truncated ({@code shipper.max.line.bytes})
 * @param maxInflightBytes cap on record bytes sent but not yet acknowledged ({@code shipper.max.inflight.bytes})
 * @param readBudgetBytes bytes read from one file per pass, so one busy file cannot starve the others ({@code shipper.read.budget.bytes})
 * @param pollInterval how often files are scanned and read ({@code shipper.poll.interval})
 * @param startAt where files without a checkpoint start at startup ({@code shipper.start.at})
 * @param checkpointInterval how often committed offsets are saved ({@code shipper.checkpoint.interval})
 * @param closeInactive a file no longer at a watched path is closed after being idle at its end this long ({@code shipper.close.inactive})
 * @param copyWait how long a new file whose first line equals a tailed file's waits to see whether it is a copytruncate copy ({@code shipper.copy.wait})
 * @param brokerStallTimeout records waiting this long without any acknowledgement mark the broker down ({@code shipper.broker.stall.timeout})
 * @param shutdownTimeout how long close() waits for the producer to deliver what is in flight ({@code shipper.shutdown.timeout})
 * @param rawTopic the topic lines go to ({@code topics.raw})
 * @param metrics where /metrics is served ({@code shipper.metrics.bind}, {@code shipper.metrics.port})
 */
public record ShipperConfig(
    List<String> paths,
    String host,
    Path checkpointFile,
    int maxLineBytes,
    long maxInflightBytes,
    long readBudgetBytes,
    Duration pollInterval,
    StartAt startAt,
    Duration checkpointInterval,
    Duration closeInactive,
    Duration copyWait,
    Duration brokerStallTimeout,
    Duration shutdownTimeout,
    String rawTopic,
    MetricsSettings metrics) {

  public static final int DEFAULT_METRICS_PORT = 9401;
  /** JSON escaping can grow a line up to 6x; the cap must hold several of the largest records. */
  static final int INFLIGHT_TO_LINE_RATIO = 8;

  public ShipperConfig {
    paths = List.copyOf(paths);
    ConfigException.require(!paths.isEmpty(), "shipper.paths must name at least one file or glob, e.g. /var/log/mail.log");
    ConfigException.require(host != null && !host.isBlank(), "shipper.host must not be blank");
    ConfigException.require(maxLineBytes >= 256, "shipper.max.line.bytes must be >= 256, was " + maxLineBytes);
    ConfigException.require(maxInflightBytes >= (long) INFLIGHT_TO_LINE_RATIO * maxLineBytes,
        "shipper.max.inflight.bytes must be >= " + INFLIGHT_TO_LINE_RATIO + " x shipper.max.line.bytes ("
            + (long) INFLIGHT_TO_LINE_RATIO * maxLineBytes + "), was " + maxInflightBytes);
    ConfigException.require(readBudgetBytes >= 4096, "shipper.read.budget.bytes must be >= 4096, was " + readBudgetBytes);
    requirePositive(pollInterval, "shipper.poll.interval");
    requirePositive(checkpointInterval, "shipper.checkpoint.interval");
    requirePositive(brokerStallTimeout, "shipper.broker.stall.timeout");
    ConfigException.require(!closeInactive.isNegative(), "shipper.close.inactive must not be negative, was " + closeInactive);
    ConfigException.require(!copyWait.isNegative(), "shipper.copy.wait must not be negative, was " + copyWait);
    ConfigException.require(!shutdownTimeout.isNegative(), "shipper.shutdown.timeout must not be negative, was " + shutdownTimeout);
    ConfigException.require(rawTopic != null && !rawTopic.isBlank(), "topics.raw must not be blank");
  }

  public static ShipperConfig from(ConfigSource c) {
    return new ShipperConfig(
        c.list("shipper.paths", List.of()),
        c.find("shipper.host").orElseGet(ShipperConfig::localHostName),
        Path.of(c.string("shipper.checkpoint.file", ".sentinel/shipper-checkpoint.json")),
        (int) size(c, "shipper.max.line.bytes", 64 * 1024),
        size(c, "shipper.max.inflight.bytes", 32L * 1024 * 1024),
        size(c, "shipper.read.budget.bytes", 1024 * 1024),
        c.duration("shipper.poll.interval", Duration.ofMillis(250)),
        startAt(c),
        c.duration("shipper.checkpoint.interval", Duration.ofSeconds(1)),
        c.duration("shipper.close.inactive", Duration.ofSeconds(30)),
        c.duration("shipper.copy.wait", Duration.ofSeconds(5)),
        c.duration("shipper.broker.stall.timeout", Duration.ofSeconds(10)),
        c.duration("shipper.shutdown.timeout", Duration.ofSeconds(10)),
        TopicSettings.from(c).raw(),
        MetricsSettings.from(c, "shipper", DEFAULT_METRICS_PORT));
  }

  /** The {@code kafka.*} keys with the prefix removed: passed to the producer as they are. */
  public static Map<String, Object> producerProps(ConfigSource c) {
    return new HashMap<>(c.withPrefix("kafka."));
  }

  /** The same settings with other paths and checkpoint file; for tests and the demo. */
  public ShipperConfig withPaths(List<String> newPaths, Path newCheckpointFile) {
    return new ShipperConfig(newPaths, host, newCheckpointFile, maxLineBytes, maxInflightBytes, readBudgetBytes,
        pollInterval, startAt, checkpointInterval, closeInactive, copyWait, brokerStallTimeout, shutdownTimeout,
        rawTopic, metrics);
  }

  private static StartAt startAt(ConfigSource c) {
    String raw = c.string("shipper.start.at", "beginning");
    try {
      return StartAt.valueOf(raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("shipper.start.at must be 'beginning' or 'end', was '" + raw + "'");
    }
  }

  private static long size(ConfigSource c, String key, long defaultValue) {
    Optional<String> raw = c.find(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      return ByteSizes.parse(raw.get());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + " must be a size such as 65536, 64KiB or 32MiB, was '" + raw.get() + "'");
    }
  }

  private static void requirePositive(Duration d, String key) {
    ConfigException.require(!d.isNegative() && !d.isZero(), key + " must be > 0, was " + d);
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse("localhost");
    }
  }
}
