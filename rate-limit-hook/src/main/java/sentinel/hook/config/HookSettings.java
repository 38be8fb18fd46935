package sentinel.hook.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;
import sentinel.common.metrics.MetricsSettings;

/**
 * Everything the hook reads from config, validated once at startup. Keys are listed in the
 * module README; errors name the key.
 *
 * @param postfix where the Postfix policy service listens (TCP; port -1 disables it)
 * @param postfixSocket optional unix socket for the Postfix policy service
 * @param postfixSocketMode permissions of that socket, e.g. {@code rw-rw----}
 * @param exim where the Exim line service listens (port -1 disables it)
 * @param feedMaxAge the feed counts as stale when it has not been caught up with the broker for
 *     longer than this
 * @param feedCheckInterval how often the feed asks the broker for end offsets when idle
 * @param failClosed answer DEFER instead of DUNNO when the feed is stale
 * @param http the optional operator HTTP API
 * @param releaseDefault how long a {@code release} overrides detector decisions when no
 *     {@code --until} is given
 * @param maxRequestBytes a Postfix request (or an Exim line) larger than this is answered safely
 *     and counted as oversized
 * @param maxConnections concurrent client connections per listener; more are closed at once
 * @param idleTimeout a TCP client silent for this long is disconnected (Postfix reconnects)
 * @param logInterval at most one fail-open / feed-error log line per this interval
 * @param localHost the host part of {@code local:<user>@<host>} accounts
 * @param topic the compacted decisions topic
 * @param kafka client properties ({@code kafka.*} with the prefix removed)
 * @param metrics where {@code /metrics} is served
 */
public record HookSettings(
    Endpoint postfix,
    Optional<Path> postfixSocket,
    String postfixSocketMode,
    Endpoint exim,
    Duration feedMaxAge,
    Duration feedCheckInterval,
    boolean failClosed,
    HttpApiSettings http,
    Duration releaseDefault,
    int maxRequestBytes,
    int maxConnections,
    Duration idleTimeout,
    Duration logInterval,
    String localHost,
    String topic,
    Map<String, String> kafka,
    MetricsSettings metrics) {

  /** A TCP listener; a negative port means "off". */
  public record Endpoint(String bind, int port) {
    public boolean enabled() {
      return port >= 0;
    }
  }

  /** The operator HTTP API: off by default; a token is mandatory when on. */
  public record HttpApiSettings(boolean enabled, Endpoint endpoint, String token) {}

  public HookSettings {
    ConfigException.require(!feedMaxAge.isNegative() && !feedMaxAge.isZero(), "hook.feed.max.age must be > 0, was " + feedMaxAge);
    ConfigException.require(feedCheckInterval.compareTo(feedMaxAge) < 0,
        "hook.feed.check.interval must be shorter than hook.feed.max.age (" + feedMaxAge + "), was " + feedCheckInterval);
    ConfigException.require(maxRequestBytes >= 512, "hook.request.max.bytes must be >= 512, was " + maxRequestBytes);
    ConfigException.require(maxConnections > 0, "hook.max.connections must be > 0, was " + maxConnections);
    ConfigException.require(!releaseDefault.isNegative() && !releaseDefault.isZero(),
        "hook.release.default.duration must be > 0, was " + releaseDefault);
    ConfigException.require(!http.enabled() || (http.token() != null && http.token().length() >= 16),
        "hook.http.token must be set (at least 16 characters) when hook.http.enabled=true");
    ConfigException.require(kafka.containsKey("bootstrap.servers"),
        "kafka.bootstrap.servers (or KAFKA_BOOTSTRAP_SERVERS) must be set");
    kafka = Map.copyOf(kafka);
  }

  public static HookSettings from(ConfigSource c) {
    Map<String, String> kafka = new HashMap<>(c.withPrefix("kafka."));
    kafka.putIfAbsent("bootstrap.servers", "127.0.0.1:9092");
    return new HookSettings(
        new Endpoint(c.string("hook.postfix.bind", "127.0.0.1"), c.integer("hook.postfix.port", 10040)),
        c.find("hook.postfix.socket").map(Path::of),
        c.string("hook.postfix.socket.mode", "rw-rw----"),
        new Endpoint(c.string("hook.exim.bind", "127.0.0.1"), c.integer("hook.exim.port", 10041)),
        c.duration("hook.feed.max.age", Duration.ofSeconds(60)),
        c.duration("hook.feed.check.interval", Duration.ofSeconds(2)),
        c.bool("hook.fail.closed", false),
        new HttpApiSettings(
            c.bool("hook.http.enabled", false),
            new Endpoint(c.string("hook.http.bind", "127.0.0.1"), c.integer("hook.http.port", 10042)),
            c.find("hook.http.token").orElse(null)),
        c.duration("hook.release.default.duration", Duration.ofHours(24)),
        c.integer("hook.request.max.bytes", 8192),
        c.integer("hook.max.connections", 1000),
        c.duration("hook.connection.idle.timeout", Duration.ofMinutes(10)),
        c.duration("hook.log.interval", Duration.ofSeconds(60)),
        c.string("hook.local.host", shortHostName()),
        c.string("topics.account-status", "sentinel.account-status"),
        kafka,
        MetricsSettings.from(c, "hook", 9403));
  }

  /** The short host name, as syslog writes it into the log lines the detector keys local senders by. */
  static String shortHostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      int dot = name.indexOf('.');
      return (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT);
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  public Map<String, Object> kafkaProps() {
    return new HashMap<>(kafka);
  }
}
