package sentinel.streams.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import sentinel.common.config.ConfigSource;

/**
 * Settings of one fault-test run: its own topics and application id on the shared broker, and the
 * client settings that make a killed member's departure short (documented at each key).
 */
final class FaultRun {
  final String id = UUID.randomUUID().toString().substring(0, 8);
  final String rawTopic = "raw-" + id;
  final String alertsTopic = "alerts-" + id;
  final String applicationId = "faults-" + id;
  private final Map<String, String> values = new HashMap<>();

  FaultRun(String bootstrapServers, Path dir) {
    values.put(ConfigSource.BOOTSTRAP_KEY, bootstrapServers);
    values.put("topics.raw", rawTopic);
    values.put("topics.alerts", alertsTopic);
    values.put("topics.account-status", "status-" + id);
    values.put("topics.dlq", "dlq-" + id);
    values.put("topics.partitions", "2");
    values.put("monitor.application.id", applicationId);
    values.put("monitor.metrics.port", "0");
    values.put("parse.timezone", "UTC");
    // Per-account sends series for every test account, so the monitor's own counters can be compared.
    values.put("monitor.metrics.top.accounts", "50");
    // The fault tests read the account-events topic to see what the detectors received; Streams
    // would otherwise delete what it has consumed every 30 s.
    values.put("kafka.repartition.purge.interval.ms", "3600000");
    // A killed monitor's group member is given up after 6 s (the broker's minimum), not 45 s.
    values.put("kafka.session.timeout.ms", "6000");
    values.put("kafka.heartbeat.interval.ms", "1000");
    values.put("kafka.state.dir", dir.resolve("state-0").toString());
    // Shipper side (only read when a shipper runs in the test).
    values.put("shipper.host", "mx1");
    values.put("shipper.poll.interval", "50ms");
    values.put("shipper.checkpoint.interval", "200ms");
    values.put("shipper.close.inactive", "1s");
    values.put("shipper.copy.wait", "3s");
    values.put("shipper.metrics.port", "0");
  }

  FaultRun set(String key, String value) {
    values.put(key, value);
    return this;
  }

  Map<String, String> values() {
    return Map.copyOf(values);
  }

  ConfigSource source() {
    return new ConfigSource(values, Map.of(), Map.of());
  }

  /** Writes the settings as a properties file for a child JVM's {@code --config}. */
  Path writeTo(Path file) throws IOException {
    Properties p = new Properties();
    p.putAll(values);
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, "fault test run " + id);
    }
    return file;
  }
}
