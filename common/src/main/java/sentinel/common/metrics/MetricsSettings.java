package sentinel.common.metrics;

import sentinel.common.config.ConfigSource;

/**
 * Where a process serves its metrics.
 *
 * @param bind address to listen on; loopback by default
 * @param port TCP port; 0 picks a free one
 */
public record MetricsSettings(String bind, int port) {
  public static MetricsSettings from(ConfigSource config, String prefix, int defaultPort) {
    return new MetricsSettings(
        config.string(prefix + ".metrics.bind", "127.0.0.1"),
        config.integer(prefix + ".metrics.port", defaultPort));
  }
}
