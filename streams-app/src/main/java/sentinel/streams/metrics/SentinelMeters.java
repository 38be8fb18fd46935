package sentinel.streams.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import sentinel.streams.model.Alert;
import sentinel.streams.parse.ParseResult;

/**
 * Every meter of the monitor, declared in one place with its description (docs/metrics.md is the
 * contract). Tags are low-cardinality; per-account series go through {@link TopAccounts}.
 */
public final class SentinelMeters {
  private final MeterRegistry registry;
  private final Clock clock;
  private final TopAccounts topAccounts;
  private final Counter duplicates;
  private final Counter bounceNotifications;
  private final Timer pipelineLatency;
  private final Counter lateRecords;
  private final CounterFamily processed;
  private final CounterFamily parseLines;
  private final CounterFamily parseUnsupported;
  private final CounterFamily deadLetters;
  private final CounterFamily loginCountries;
  private final CounterFamily unmatched;
  private final CounterFamily events;
  private final CounterFamily recipients;
  private final CounterFamily auth;
  private final CounterFamily alerts;
  private final CounterFamily decisions;

  /** Every alert type the detectors can emit; their counters exist at zero from the start. */
  public static final java.util.List<String> ALERT_TYPES = java.util.List.of(
      "VOLUME_SPIKE", "NEW_COUNTRY", "BRUTE_FORCE", "CREDENTIAL_STUFFING", "BOUNCE_STORM", "BACKSCATTER", "COMPROMISED", "SUSPICIOUS");

  public SentinelMeters(MeterRegistry registry, Clock clock, int topAccounts) {
    this(registry, clock, topAccounts, AccountLabel.ADDRESS);
  }

  public SentinelMeters(MeterRegistry registry, Clock clock, int topAccounts, AccountLabel accountLabel) {
    this.registry = registry;
    this.clock = clock;
    this.topAccounts = new TopAccounts(registry, topAccounts, accountLabel);
    this.processed = new CounterFamily(registry, "sentinel.records.processed", null, "mta");
    this.parseLines = new CounterFamily(registry, "sentinel.parse.lines",
        "Lines parsed, by MTA and outcome (parsed, ignored, unsupported)", "mta", "outcome");
    this.parseUnsupported = new CounterFamily(registry, "sentinel.parse.unsupported",
        "Lines that could not be read, by MTA, program and reason", "mta", "program", "reason");
    this.deadLetters = new CounterFamily(registry, "sentinel.dlq.records", "Records sent to the dead-letter topic, by reason", "reason");
    this.loginCountries = new CounterFamily(registry, "sentinel.logins.country",
        "Successful SMTP AUTH logins by GeoIP country (ISO 3166-1 alpha-2, or ZZ when unknown; at most ~250 values).", "country");
    this.unmatched = new CounterFamily(registry, "sentinel.correlation.unmatched",
        "Lines whose queue ID had no known submitter (inbound mail, or the start of the log)", "kind");
    this.events = new CounterFamily(registry, "sentinel.events", "Correlated events moved on to account or IP keys, by type", "type");
    this.recipients = new CounterFamily(registry, "sentinel.recipients",
        "Recipient outcomes tied back to the submitting account", "outcome");
    this.auth = new CounterFamily(registry, "sentinel.auth", "SMTP AUTH attempts by result", "result");
    this.alerts = new CounterFamily(registry, "sentinel.alerts.emitted", "Alert episodes emitted, by type and severity",
        "type", "severity");
    this.decisions = new CounterFamily(registry, "sentinel.decisions.emitted",
        "Enforcement decisions written to the account-status topic, by action", "action");
    // Counters with a fixed set of label values exist at zero, so rate() and absent() work from the first scrape.
    for (String type : ALERT_TYPES) {
      for (String severity : java.util.List.of("warning", "critical")) {
        alertCounter(type, severity);
      }
    }
    for (String type : java.util.List.of("login", "auth_failure", "message", "outcome", "bounce_in")) {
      eventCounter(type);
    }
    for (sentinel.streams.model.MtaEvent.Outcome o : sentinel.streams.model.MtaEvent.Outcome.values()) {
      recipientCounter(o.tag());
    }
    authCounter("success");
    authCounter("failure");
    this.lateRecords = Counter.builder("sentinel.late.records.dropped")
        .description("Events older than the detectors' one-hour window when they arrived; each is logged at WARN")
        .register(registry);
    this.duplicates = Counter.builder("sentinel.duplicates.dropped")
        .description("Raw lines dropped because the shipper had sent them before (at-least-once re-sends)")
        .register(registry);
    this.bounceNotifications = Counter.builder("sentinel.bounce.notifications")
        .description("Notifications the MTA generated for its own messages: non-delivery, delay warnings and delivery status")
        .register(registry);
    this.pipelineLatency = Timer.builder("sentinel.pipeline.latency")
        .description("Time from the shipper reading a log line to the alert it triggered being emitted")
        .publishPercentileHistogram()
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void recordProcessed(String mta) {
    processed.get(mta).increment();
  }

  public void parsed(ParseResult result) {
    String outcome = result instanceof ParseResult.Parsed ? "parsed" : result instanceof ParseResult.Ignored ? "ignored" : "unsupported";
    parseLines.get(result.mta(), outcome).increment();
    if (result instanceof ParseResult.Unsupported u) {
      parseUnsupported.get(u.mta(), u.program(), u.reason()).increment();
    }
  }

  public void deadLettered(String reason) {
    deadLetters.get(reason).increment();
  }

  public void duplicateDropped() {
    duplicates.increment();
  }

  public void bounceNotification() {
    bounceNotifications.increment();
  }

  /** A successful SMTP AUTH by GeoIP country (ZZ for private, reserved and unknown: bounded to ~250 values). */
  public void loginCountry(String country) {
    loginCountries.get(country).increment();
  }

  public void uncorrelated(String what) {
    unmatched.get(what).increment();
  }

  public void accountSend(String account) {
    topAccounts.recordSend(account);
  }

  /** Counts an event that correlation tied to an account or IP, by type, outcome and auth result. */
  public void accountEvent(sentinel.streams.model.AccountEvent event) {
    if (event instanceof sentinel.streams.model.AccountEvent.Login) {
      eventCounter("login").increment();
      authCounter("success").increment();
    } else if (event instanceof sentinel.streams.model.AccountEvent.LoginFailed) {
      eventCounter("auth_failure").increment();
      authCounter("failure").increment();
    } else if (event instanceof sentinel.streams.model.AccountEvent.MessageSubmitted) {
      eventCounter("message").increment();
    } else if (event instanceof sentinel.streams.model.AccountEvent.Delivery d) {
      eventCounter("outcome").increment();
      recipientCounter(d.outcome().tag()).increment();
    } else if (event instanceof sentinel.streams.model.AccountEvent.InboundBounce) {
      eventCounter("bounce_in").increment();
    }
  }

  public void lateRecord() {
    lateRecords.increment();
  }

  public void episodeClosed(String subject) {
    if (!subject.startsWith("ip:")) {
      topAccounts.unflag(subject);
    }
  }

  private Counter eventCounter(String type) {
    return events.get(type);
  }

  private Counter recipientCounter(String outcome) {
    return recipients.get(outcome);
  }

  private Counter authCounter(String result) {
    return auth.get(result);
  }

  private Counter alertCounter(String type, String severity) {
    return alerts.get(type, severity);
  }

  public void alertEmitted(Alert alert, Instant readAt) {
    alertCounter(alert.type(), alert.severity()).increment();
    if (!alert.subject().startsWith("ip:")) {
      topAccounts.flag(alert.subject(), alert.type());
    }
    if (readAt != null) {
      Duration latency = Duration.between(readAt, clock.instant());
      if (!latency.isNegative()) {
        pipelineLatency.record(latency);
      }
    }
  }

  public void decisionEmitted(String action) {
    decisions.get(action).increment();
  }
}
