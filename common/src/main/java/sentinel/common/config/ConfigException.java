package sentinel.common.config;

/** A setting is missing or invalid; the message names the key and what was wrong. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  /** Throws unless {@code condition} holds; for validating config records in their constructors. */
  public static void require(boolean condition, String message) {
    if (!condition) {
      throw new ConfigException(message);
    }
  }
}
