package sentinel.common.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Layered settings: command-line overrides win over environment variables, which win over the
 * config file, which wins over the default each caller passes in.
 *
 * <p>Keys are dotted ({@code detection.spike.factor}); the environment variable for a key is
 * {@code SENTINEL_} + the key upper-cased with dots and dashes as underscores ({@code
 * SENTINEL_DETECTION_SPIKE_FACTOR}). {@code KAFKA_BOOTSTRAP_SERVERS} is honoured as the
 * conventional name for {@code kafka.bootstrap.servers}. Errors name the key and the bad value.
 */
public final class ConfigSource {
  public static final String BOOTSTRAP_KEY = "kafka.bootstrap.servers";

  private final Map<String, String> overrides;
  private final Map<String, String> env;
  private final Map<String, String> file;

  public ConfigSource(Map<String, String> overrides, Map<String, String> env, Map<String, String> file) {
    this.overrides = Map.copyOf(overrides);
    this.env = Map.copyOf(env);
    this.file = Map.copyOf(file);
  }

  /** Settings from an optional properties file, the process environment and CLI overrides. */
  public static ConfigSource load(Optional<Path> configFile, Map<String, String> overrides) {
    return new ConfigSource(overrides, System.getenv(), configFile.map(ConfigSource::readFile).orElse(Map.of()));
  }

  public static ConfigSource empty() {
    return new ConfigSource(Map.of(), Map.of(), Map.of());
  }

  public ConfigSource withOverrides(Map<String, String> more) {
    Map<String, String> merged = new HashMap<>(overrides);
    merged.putAll(more);
    return new ConfigSource(merged, env, file);
  }

  private static Map<String, String> readFile(Path path) {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(path)) {
      props.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config file " + path + ": " + e.getMessage(), e);
    }
    Map<String, String> map = new HashMap<>();
    props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k).trim()));
    return map;
  }

  public static String envName(String key) {
    return "SENTINEL_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public Optional<String> find(String key) {
    String v = overrides.get(key);
    if (v == null) {
      v = env.get(envName(key));
    }
    if (v == null && BOOTSTRAP_KEY.equals(key)) {
      v = env.get("KAFKA_BOOTSTRAP_SERVERS");
    }
    if (v == null) {
      v = file.get(key);
    }
    return Optional.ofNullable(v).map(String::trim).filter(s -> !s.isEmpty());
  }

  public String string(String key, String defaultValue) {
    return find(key).orElse(defaultValue);
  }

  public int integer(String key, int defaultValue) {
    return parse(key, defaultValue, Integer::parseInt, "an integer");
  }

  public long longValue(String key, long defaultValue) {
    return parse(key, defaultValue, Long::parseLong, "an integer");
  }

  public double decimal(String key, double defaultValue) {
    return parse(key, defaultValue, Double::parseDouble, "a number");
  }

  public boolean bool(String key, boolean defaultValue) {
    return parse(key, defaultValue, s -> {
      if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(s);
      }
      throw new IllegalArgumentException();
    }, "true or false");
  }

  /** A duration such as {@code 90s}, {@code 10m}, {@code 2h}, {@code 500ms} or ISO-8601 {@code PT5M}. */
  public Duration duration(String key, Duration defaultValue) {
    return parse(key, defaultValue, Durations::parse, "a duration such as 30s, 10m or 1h");
  }

  public List<String> list(String key, List<String> defaultValue) {
    return find(key)
        .map(s -> List.of(s.split("\\s*,\\s*")))
        .map(l -> l.stream().filter(x -> !x.isEmpty()).toList())
        .orElse(defaultValue);
  }

  /** Every {@code prefix*} key from file, environment and overrides, with the prefix removed. */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new TreeMap<>();
    file.forEach((k, v) -> { if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v); });
    String envPrefix = envName(prefix);
    env.forEach((k, v) -> {
      if (k.startsWith(envPrefix)) {
        out.put(k.substring(envPrefix.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), v);
      }
    });
    overrides.forEach((k, v) -> { if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v); });
    find(BOOTSTRAP_KEY).filter(b -> prefix.equals("kafka.")).ifPresent(b -> out.put("bootstrap.servers", b));
    return out;
  }

  private <T> T parse(String key, T defaultValue, Function<String, T> parser, String expected) {
    Optional<String> raw = find(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      return parser.apply(raw.get());
    } catch (RuntimeException e) {
      throw new ConfigException(key + " must be " + expected + ", was '" + raw.get() + "'");
    }
  }
}
