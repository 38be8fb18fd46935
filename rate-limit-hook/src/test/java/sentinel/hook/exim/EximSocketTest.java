package sentinel.hook.exim;

import static org.assertj.core.api.Assertions.assertThat;
import static sentinel.hook.testing.Decisions.detector;
import static sentinel.hook.testing.Decisions.operator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sentinel.common.contract.Action;
import sentinel.hook.decision.DecisionCache;
import sentinel.hook.decision.FeedHealth;
import sentinel.hook.decision.PolicyEngine;
import sentinel.hook.metrics.HookMeters;
import sentinel.hook.net.SocketServer;
import sentinel.hook.testing.MutableClock;

/** The Exim line protocol over TCP, used the way ${readsocket} uses it. */
class EximSocketTest {
  private final MutableClock clock = MutableClock.atEpoch();
  private final DecisionCache cache = new DecisionCache();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HookMeters meters = new HookMeters(registry);
  private final FeedHealth fresh = new FeedHealth() {
    @Override
    public Duration age(Instant now) {
      return Duration.ZERO;
    }

    @Override
    public boolean stale(Instant now) {
      return false;
    }
  };
  private final SocketServer server = SocketServer.tcp("test-exim", "127.0.0.1", 0, 8, Duration.ofSeconds(30),
      new EximLineHandler(PolicyEngine.create(cache, fresh, false, meters, clock, Duration.ofMinutes(1)), meters, 512),
      () -> { });

  @AfterEach
  void stop() {
    server.close();
  }

  /** Like Exim: connect, write the request, shut down the write side, read to end of file. */
  private String readsocket(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void answersHoldDeferAndDunnoOneLineEach() throws IOException {
    cache.apply("held@example.test", operator("held@example.test", Action.HOLD, 0, clock.instant(), null));
    cache.apply("slow@example.test", detector("slow@example.test", Action.THROTTLE, 10, clock.instant(), null));
    assertThat(readsocket("Held@Example.test 3\n"))
        .isEqualTo("HOLD sentinel: held@example.test on hold by operator: operator says HOLD\n");
    assertThat(readsocket("slow@example.test 10\n")).isEqualTo("DUNNO\n");
    assertThat(readsocket("slow@example.test 1\n"))
        .isEqualTo("DEFER 4.7.1 slow@example.test exceeded its limit of 10 recipients per hour, try again later\n");
    assertThat(readsocket("nobody@example.test 1\n")).isEqualTo("DUNNO\n");
    assertThat(readsocket("- 5\n")).isEqualTo("DUNNO\n");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(registry.get("sentinel.hook.requests").tag("protocol", "exim").tag("action", "dunno").counter().count())
            .isEqualTo(3));
  }

  @Test
  void answersSeveralLinesOnOneConnectionAndCountsBadOnes() throws IOException {
    cache.apply("held@example.test", operator("held@example.test", Action.HOLD, 0, clock.instant(), null));
    String answers = readsocket("held@example.test\n"
        + "too many fields here\n"
        + "x".repeat(2000) + " 1\n"
        + "held@example.test lots\n"
        + "other@example.test 1");
    assertThat(answers.split("\n")).containsExactly(
        "HOLD sentinel: held@example.test on hold by operator: operator says HOLD",
        "DUNNO",
        "DUNNO",
        "HOLD sentinel: held@example.test on hold by operator: operator says HOLD",
        "DUNNO");
    assertThat(registry.get("sentinel.hook.protocol.errors").tag("reason", "malformed_line").counter().count()).isEqualTo(1);
    assertThat(registry.get("sentinel.hook.protocol.errors").tag("reason", "oversized").counter().count()).isEqualTo(1);
    assertThat(registry.get("sentinel.hook.protocol.errors").tag("reason", "bad_recipient_count").counter().count()).isEqualTo(1);
  }
}
