package sentinel.streams.config;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;
import sentinel.common.kafka.TopicSettings;
import sentinel.common.metrics.MetricsSettings;
import sentinel.streams.correlate.CorrelationSettings;
import sentinel.streams.detect.DetectionSettings;
import sentinel.streams.enforce.EnforcementSettings;
import sentinel.streams.geo.GeoSettings;

/**
 * All settings of the monitor, validated at start-up.
 *
 * @param logZone zone of log timestamps that carry none (classic syslog) ({@code parse.timezone},
 *     default: this machine's zone, as the MTA's syslog uses it)
 * @param topAccounts how many top senders get per-account series ({@code monitor.metrics.top.accounts})
 * @param accountLabel the account label of per-account series: the address, or a hash of it for
 *     privacy ({@code monitor.metrics.account.label=address|hash})
 * @param inMemoryState keep state stores in memory instead of RocksDB ({@code monitor.state.in.memory},
 *     default false); for offline runs (simulation, replay), where nothing needs to survive a restart
 *     and RocksDB's per-commit flush would dominate
 * @param stateChangelog whether state stores write changelog topics ({@code monitor.state.changelog},
 *     default true); only offline runs that start from nothing and never restore (the replay) turn it off
 * @param cachedValues how many unchanged state values each store keeps deserialized per task, on top
 *     of the values changed since the last commit ({@code monitor.state.cached.values}, default 2048);
 *     more saves deserializing busy accounts' state again, at roughly 1-4 KiB of heap each
 * @param geo where the GeoIP database is ({@code geoip.database})
 * @param kafka Kafka Streams and client settings passed through ({@code kafka.*})
 */
public record MonitorConfig(
    String applicationId,
    TopicSettings topics,
    CorrelationSettings correlation,
    DetectionSettings detection,
    GeoSettings geo,
    EnforcementSettings enforcement,
    MetricsSettings metrics,
    ZoneId logZone,
    int topAccounts,
    sentinel.streams.metrics.AccountLabel accountLabel,
    boolean inMemoryState,
    boolean stateChangelog,
    int cachedValues,
    Map<String, String> kafka) {

  public MonitorConfig {
    ConfigException.require(topAccounts >= 0, "monitor.metrics.top.accounts must be >= 0, was " + topAccounts);
    ConfigException.require(cachedValues >= 0, "monitor.state.cached.values must be >= 0, was " + cachedValues);
    kafka = Map.copyOf(kafka);
  }

  public static MonitorConfig from(ConfigSource c) {
    String zone = c.string("parse.timezone", ZoneId.systemDefault().getId());
    ZoneId logZone;
    try {
      logZone = ZoneId.of(zone);
    } catch (RuntimeException e) {
      throw new ConfigException("parse.timezone must be a zone ID such as UTC or Europe/Berlin, was '" + zone + "'");
    }
    return new MonitorConfig(
        c.string("monitor.application.id", "outbound-sentinel"),
        TopicSettings.from(c),
        CorrelationSettings.from(c),
        DetectionSettings.from(c),
        GeoSettings.from(c),
        EnforcementSettings.from(c),
        MetricsSettings.from(c, "monitor", 9402),
        logZone,
        c.integer("monitor.metrics.top.accounts", 20),
        sentinel.streams.metrics.AccountLabel.parse(c.string("monitor.metrics.account.label", "address")),
        c.bool("monitor.state.in.memory", false),
        c.bool("monitor.state.changelog", true),
        c.integer("monitor.state.cached.values", 2048),
        new HashMap<>(c.withPrefix("kafka.")));
  }
}
