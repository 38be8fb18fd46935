package sentinel.hook;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.contract.Action;
import sentinel.common.metrics.MetricsServer;
import sentinel.hook.config.HookSettings;
import sentinel.hook.decision.DecisionCache;
import sentinel.hook.decision.PolicyEngine;
import sentinel.hook.decision.Throttles;
import sentinel.hook.exim.EximLineHandler;
import sentinel.hook.feed.DecisionFeed;
import sentinel.hook.feed.DecisionRecords;
import sentinel.hook.http.OperatorHttpApi;
import sentinel.hook.metrics.HookMeters;
import sentinel.hook.metrics.Protocol;
import sentinel.common.logging.RateLimitedLog;
import sentinel.hook.net.SocketServer;
import sentinel.hook.operator.DecisionWriter;
import sentinel.hook.operator.OperatorDecisions;
import sentinel.hook.policy.PostfixAccounts;
import sentinel.hook.policy.PostfixPolicyHandler;

/** The running hook: decision feed, Postfix and Exim listeners, metrics and the optional HTTP API. */
public final class HookService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HookService.class);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final DecisionCache cache = new DecisionCache();
  private final HookMeters meters;
  private final DecisionFeed feed;
  private final PolicyEngine engine;
  private SocketServer postfix;
  private SocketServer exim;
  private MetricsServer metrics;
  private OperatorHttpApi http;

  private HookService(HookSettings s, Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.meters = new HookMeters(registry);
    Throttles throttles = new Throttles(clock);
    this.feed = new DecisionFeed(s.kafkaProps(), s.topic(), new DecisionRecords(cache, meters), clock,
        s.feedMaxAge(), s.feedCheckInterval(), s.logInterval(),
        () -> throttles.retainIf(account -> cache.effective(account, clock.instant())
            .map(d -> d.action() == Action.THROTTLE).orElse(false)));
    resources.add(feed);
    this.engine = new PolicyEngine(cache, throttles, feed, s.failClosed(), meters, clock,
        new RateLimitedLog(LoggerFactory.getLogger(PolicyEngine.class), s.logInterval(), clock));
    meters.bindFeed(feed, cache, clock);
  }

  /** Starts everything {@code settings} enables; closes what did start if a later part fails. */
  public static HookService start(HookSettings s, Clock clock) {
    HookService h = new HookService(s, clock);
    try {
      h.feed.start();
      PostfixPolicyHandler postfixHandler =
          new PostfixPolicyHandler(h.engine, new PostfixAccounts(s.localHost()), h.meters, s.maxRequestBytes());
      if (s.postfix().enabled()) {
        h.postfix = h.add(SocketServer.tcp("postfix-policy", s.postfix().bind(), s.postfix().port(), s.maxConnections(),
            s.idleTimeout(), postfixHandler, () -> h.meters.protocolError(Protocol.POSTFIX, "too_many_connections")));
      }
      s.postfixSocket().ifPresent(path -> h.add(SocketServer.unix("postfix-policy-unix", path, s.postfixSocketMode(),
          s.maxConnections(), postfixHandler, () -> h.meters.protocolError(Protocol.POSTFIX, "too_many_connections"))));
      if (s.exim().enabled()) {
        h.exim = h.add(SocketServer.tcp("exim-policy", s.exim().bind(), s.exim().port(), s.maxConnections(),
            s.idleTimeout(), new EximLineHandler(h.engine, h.meters, s.maxRequestBytes()),
            () -> h.meters.protocolError(Protocol.EXIM, "too_many_connections")));
      }
      h.metrics = h.add(MetricsServer.start(s.metrics().bind(), s.metrics().port(),
          (PrometheusMeterRegistry) h.meters.registry(), () -> !h.feed.stale(clock.instant())));
      if (s.http().enabled()) {
        DecisionWriter writer = h.add(new DecisionWriter(s.kafkaProps(), s.topic()));
        h.http = h.add(OperatorHttpApi.start(s.http(), h.cache, new OperatorDecisions(clock, s.releaseDefault()),
            writer, clock));
      }
      LOG.info("Hook started: topic {}, feed max age {}, fail-{}", s.topic(), s.feedMaxAge(),
          s.failClosed() ? "closed" : "open");
      return h;
    } catch (RuntimeException e) {
      h.close();
      throw e;
    }
  }

  private <T extends AutoCloseable> T add(T resource) {
    resources.add(resource);
    return resource;
  }

  public int postfixPort() {
    return postfix == null ? -1 : postfix.port();
  }

  public int eximPort() {
    return exim == null ? -1 : exim.port();
  }

  public int metricsPort() {
    return metrics.port();
  }

  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  public DecisionCache cache() {
    return cache;
  }

  public DecisionFeed feed() {
    return feed;
  }

  public PolicyEngine engine() {
    return engine;
  }

  public HookMeters meters() {
    return meters;
  }

  @Override
  public void close() {
    List<AutoCloseable> reversed = new ArrayList<>(resources);
    Collections.reverse(reversed);
    for (AutoCloseable r : reversed) {
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", r.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
