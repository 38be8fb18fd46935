package sentinel.streams.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import sentinel.common.config.ConfigException;

/**
 * What the {@code account} label of per-account series shows: the address itself, or, where
 * addresses must not leave the mail system (privacy), a stable hash of it ({@code
 * monitor.metrics.account.label=address|hash}).
 */
public enum AccountLabel {
  ADDRESS,
  HASH;

  public static AccountLabel parse(String value) {
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("monitor.metrics.account.label must be address or hash, was '" + value + "'");
    }
  }

  /** {@code h:} and the first 16 hex digits of SHA-256 of the normalised account, for HASH. */
  public String of(String account) {
    if (this == ADDRESS) {
      return account;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(account.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      return "h:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
