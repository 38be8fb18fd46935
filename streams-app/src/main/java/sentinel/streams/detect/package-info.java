/**
 * Detection: per-subject state, one small detector per signal, and one verdict per account.
 *
 * <p>State ({@link sentinel.streams.detect.SubjectState}, key = account or {@code ip:<address>}):
 * six one-minute rings over the last hour (messages, recipients, bounced, 5.7.x-bounced, failed
 * logins, inbound bounces), a learned {@link sentinel.streams.detect.Baseline} (EWMA of active hours
 * plus a slowly fading peak, neither fed by COMPROMISED hours), recent client IPs, login-country
 * history (30 days) and the last City location. Serialized with
 * {@link sentinel.streams.detect.SubjectStateSerde}: 760 bytes for the busiest account the bounds
 * allow, about 70 bytes for an ordinary one.
 *
 * <p>Account signals and their score towards the verdict ({@link sentinel.streams.detect.VerdictSettings}):
 * <ul>
 *   <li>VOLUME_SPIKE (2): {@link sentinel.streams.detect.VolumeSpikeDetector}, thresholds in
 *       {@link sentinel.streams.detect.VolumeSettings};
 *   <li>NEW_COUNTRY (1 for one new country, 2 for several within an hour, impossible travel, or a new
 *       account outside {@code detection.geo.expected.countries}): {@link sentinel.streams.detect.LoginGeographyDetector};
 *   <li>MANY_CLIENT_IPS (1): {@link sentinel.streams.detect.ClientIpSpreadDetector};
 *   <li>BOUNCE_STORM (2): {@link sentinel.streams.detect.BounceStormDetector}, naming 5.7.x blocklisting;
 *   <li>LOGIN_AFTER_FAILURES (2): {@link sentinel.streams.detect.LoginAfterFailuresDetector};
 *   <li>INBOUND_BOUNCES (1) or BACKSCATTER (own verdict, no enforcement): {@link sentinel.streams.detect.BackscatterDetector}.
 * </ul>
 * A score of 2 is SUSPICIOUS (THROTTLE by default), 3 COMPROMISED (HOLD by default). A traveller's
 * single new country (1) alerts nobody; a botnet's countries plus IPs, or a spike plus anything, does.
 *
 * <p>Client-IP signals are alerts of their own, without an account decision: BRUTE_FORCE
 * ({@link sentinel.streams.detect.BruteForceDetector}) and CREDENTIAL_STUFFING
 * ({@link sentinel.streams.detect.CredentialStuffingDetector}), thresholds in
 * {@link sentinel.streams.detect.SourceIpSettings}.
 */
package sentinel.streams.detect;
