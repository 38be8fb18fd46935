package sentinel.hook.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import sentinel.common.config.ConfigSource;

/** The options every hook and account command shares: a config file and key=value overrides. */
public final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "Properties file with hook.*, topics.* and kafka.* keys.")
  Path configFile;

  @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "Overrides one config key (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka brokers (same as kafka.bootstrap.servers).")
  String bootstrapServers;

  public ConfigSource load() {
    Map<String, String> all = new LinkedHashMap<>(overrides);
    if (bootstrapServers != null) {
      all.put(ConfigSource.BOOTSTRAP_KEY, bootstrapServers);
    }
    return ConfigSource.load(Optional.ofNullable(configFile), all);
  }
}
