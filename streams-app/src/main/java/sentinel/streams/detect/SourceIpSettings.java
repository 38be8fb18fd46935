package sentinel.streams.detect;

import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;

/**
 * Thresholds of the per-source-IP detectors and of the account's own failed logins.
 *
 * @param bruteForceFailures10m failed logins from one IP in 10 min that are brute force ({@code
 *     detection.bruteforce.failures.10m}, default 10: a mistyped password fails 2-3 times)
 * @param stuffingAccounts1h distinct accounts logged in from one IP in an hour ({@code
 *     detection.stuffing.accounts.1h}, default 5)
 * @param stuffingDomains1h ... of which at least this many distinct domains ({@code
 *     detection.stuffing.domains.1h}, default 3: an office behind one NAT logs in many accounts of
 *     its own domain; a list of stolen passwords spans many customers)
 * @param trackedAccounts accounts kept per IP ({@code detection.state.ip.accounts}, default 16)
 * @param accountFailures1h failed logins naming one account within an hour that, followed by a
 *     successful login from one of the failing IPs, make the account suspicious ({@code
 *     detection.account.failures.1h}, default 10: a client with a stale password retries a few times an hour)
 */
public record SourceIpSettings(int bruteForceFailures10m, int stuffingAccounts1h, int stuffingDomains1h, int trackedAccounts, int accountFailures1h) {
  public SourceIpSettings {
    ConfigException.require(bruteForceFailures10m > 0, "detection.bruteforce.failures.10m must be > 0, was " + bruteForceFailures10m);
    ConfigException.require(stuffingAccounts1h > 1, "detection.stuffing.accounts.1h must be > 1, was " + stuffingAccounts1h);
    ConfigException.require(stuffingDomains1h >= 1 && stuffingDomains1h <= stuffingAccounts1h,
        "detection.stuffing.domains.1h must be between 1 and detection.stuffing.accounts.1h, was " + stuffingDomains1h);
    ConfigException.require(trackedAccounts >= stuffingAccounts1h, "detection.state.ip.accounts must be >= detection.stuffing.accounts.1h");
    ConfigException.require(accountFailures1h > 0, "detection.account.failures.1h must be > 0, was " + accountFailures1h);
  }

  public static SourceIpSettings from(ConfigSource c) {
    return new SourceIpSettings(
        c.integer("detection.bruteforce.failures.10m", 10),
        c.integer("detection.stuffing.accounts.1h", 5),
        c.integer("detection.stuffing.domains.1h", 3),
        c.integer("detection.state.ip.accounts", 16),
        c.integer("detection.account.failures.1h", 10));
  }
}
