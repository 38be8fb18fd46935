package sentinel.streams.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import sentinel.common.config.ConfigSource;

/** The config options every command shares: a file, and single keys on the command line. */
public final class ConfigOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Properties file with settings (keys as in README).")
  Path configFile;

  @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "Set one config key; wins over file and environment.")
  Map<String, String> overrides = new LinkedHashMap<>();

  public ConfigSource load() {
    return ConfigSource.load(Optional.ofNullable(configFile), overrides);
  }
}
