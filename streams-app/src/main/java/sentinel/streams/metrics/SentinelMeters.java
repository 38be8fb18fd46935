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

  public SentinelMeters(MeterRegistry registry, Clock clock, int topAccounts) {
    this.registry = registry;
    this.clock = clock;
    this.topAccounts = new TopAccounts(registry, topAccounts);
    this.duplicates = Counter.builder("sentinel.duplicates.dropped")
        .description("Raw lines dropped because the shipper had sent them before (at-least-once re-sends)")
        .register(registry);
    this.bounceNotifications = Counter.builder("sentinel.bounce.notifications")
        .description("Non-delivery notifications the MTA generated for messages it could not deliver")
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
    registry.counter("sentinel.records.processed", "mta", mta).increment();
  }

  public void parsed(ParseResult result) {
    String outcome = result instanceof ParseResult.Parsed ? "parsed" : result instanceof ParseResult.Ignored ? "ignored" : "unsupported";
    Counter.builder("sentinel.parse.lines").description("Lines parsed, by MTA and outcome (parsed, ignored, unsupported)")
        .tag("mta", result.mta()).tag("outcome", outcome).register(registry).increment();
    if (result instanceof ParseResult.Unsupported u) {
      Counter.builder("sentinel.parse.unsupported").description("Lines that could not be read, by MTA, program and reason")
          .tag("mta", u.mta()).tag("program", u.program()).tag("reason", u.reason()).register(registry).increment();
    }
    if (result instanceof ParseResult.Parsed p) {
      Counter.builder("sentinel.events").description("Parsed MTA events by type")
          .tag("type", p.event().getClass().getSimpleName()).register(registry).increment();
    }
  }

  public void deadLettered(String reason) {
    Counter.builder("sentinel.dlq.records").description("Records sent to the dead-letter topic, by reason")
        .tag("reason", reason).register(registry).increment();
  }

  public void duplicateDropped() {
    duplicates.increment();
  }

  public void bounceNotification() {
    bounceNotifications.increment();
  }

  public void uncorrelated(String what) {
    Counter.builder("sentinel.correlation.unmatched").description("Lines whose queue ID had no known submitter (inbound mail, or the start of the log)")
        .tag("kind", what).register(registry).increment();
  }

  public void accountSend(String account, int recipients) {
    topAccounts.recordSend(account, recipients);
  }

  public void alertEmitted(Alert alert, Instant readAt) {
    Counter.builder("sentinel.alerts.emitted").description("Alert episodes emitted, by type and severity")
        .tag("type", alert.type()).tag("severity", alert.severity()).register(registry).increment();
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
    Counter.builder("sentinel.decisions.emitted").description("Enforcement decisions written to the account-status topic, by action")
        .tag("action", action).register(registry).increment();
  }
}
