package sentinel.hook.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static sentinel.hook.testing.Decisions.operator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
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

/** The Postfix protocol over a real TCP connection, as smtpd's policy client uses it. */
class PostfixPolicySocketTest {
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
  private final SocketServer server = SocketServer.tcp("test-policy", "127.0.0.1", 0, 4, Duration.ofSeconds(30),
      new PostfixPolicyHandler(PolicyEngine.create(cache, fresh, false, meters, clock, Duration.ofMinutes(1)),
          new PostfixAccounts("mx1"), meters, 1024),
      () -> meters.protocolError(sentinel.hook.metrics.Protocol.POSTFIX, "too_many_connections"));

  @AfterEach
  void stop() {
    server.close();
  }

  private static String request(String sasl, String count) {
    return "request=smtpd_access_policy\nprotocol_state=END-OF-MESSAGE\nclient_address=127.0.0.5\n"
        + "sender=" + sasl + "\nsasl_username=" + sasl + "\nrecipient_count=" + count + "\n\n";
  }

  /** Reads one answer: lines up to and including the empty one. */
  private static String answer(BufferedReader in) throws IOException {
    StringBuilder b = new StringBuilder();
    String line;
    while ((line = in.readLine()) != null && !line.isEmpty()) {
      b.append(line);
    }
    return b.toString();
  }

  private double answered(String action) {
    return registry.get("sentinel.hook.requests").tag("protocol", "postfix").tag("action", action).counter().count();
  }

  private double errors(String reason) {
    var c = registry.find("sentinel.hook.protocol.errors").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void answersManyRequestsOnOneConnectionIncludingBadOnesWithoutDroppingIt() throws IOException {
    cache.apply("held@example.test", operator("held@example.test", Action.HOLD, 0, clock.instant(), null));
    cache.apply("slow@example.test", operator("slow@example.test", Action.THROTTLE, 2, clock.instant(), null));
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      out.write(request("Held@Example.test", "1").getBytes(StandardCharsets.UTF_8));
      assertThat(answer(in)).isEqualTo("action=HOLD sentinel: held@example.test on hold by operator: operator says HOLD");
      out.write(request("other@example.test", "1").getBytes(StandardCharsets.UTF_8));
      assertThat(answer(in)).isEqualTo("action=DUNNO");
      out.write("garbage without equals\n\n".getBytes(StandardCharsets.UTF_8));
      assertThat(answer(in)).isEqualTo("action=DUNNO");
      out.write(("request=smtpd_access_policy\nsasl_username=" + "x".repeat(4000) + "\n\n").getBytes(StandardCharsets.UTF_8));
      assertThat(answer(in)).isEqualTo("action=DUNNO");
      out.write(request("slow@example.test", "2").getBytes(StandardCharsets.UTF_8));
      assertThat(answer(in)).isEqualTo("action=DUNNO");
      out.write(request("slow@example.test", "1").getBytes(StandardCharsets.UTF_8));
      assertThat(answer(in)).startsWith("action=DEFER_IF_PERMIT 4.7.1 slow@example.test exceeded its limit of 2");
      out.write(request("held@example.test", "x").getBytes(StandardCharsets.UTF_8));
      assertThat(answer(in)).startsWith("action=HOLD ");
    }
    assertThat(errors("malformed_line")).isEqualTo(1);
    assertThat(errors("oversized")).isEqualTo(1);
    assertThat(errors("bad_recipient_count")).isEqualTo(1);
    // the server counts an answer right after writing it, so the last one may lag the client's read
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(answered("hold")).isEqualTo(2);
      assertThat(answered("defer")).isEqualTo(1);
      assertThat(answered("dunno")).isEqualTo(4);
    });
  }

  @Test
  void servesSeveralConnectionsAtOnceAndRefusesBeyondTheLimit() throws IOException {
    Socket[] open = new Socket[4];
    try {
      for (int i = 0; i < open.length; i++) {
        open[i] = new Socket("127.0.0.1", server.port());
        open[i].getOutputStream().write(request("user" + i + "@example.test", "1").getBytes(StandardCharsets.UTF_8));
        assertThat(answer(new BufferedReader(new InputStreamReader(open[i].getInputStream(), StandardCharsets.UTF_8))))
            .isEqualTo("action=DUNNO");
      }
      try (Socket fifth = new Socket("127.0.0.1", server.port())) {
        fifth.setSoTimeout(5_000);
        // the server closes a connection beyond hook.max.connections at once
        assertThat(fifth.getInputStream().read()).isEqualTo(-1);
      }
      assertThat(errors("too_many_connections")).isEqualTo(1);
    } finally {
      for (Socket s : open) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  @Test
  void answersOnAUnixSocketWithTheConfiguredPermissions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws IOException {
    cache.apply("held@example.test", operator("held@example.test", Action.HOLD, 0, clock.instant(), null));
    java.nio.file.Path path = dir.resolve("policy.sock");
    try (SocketServer unix = SocketServer.unix("test-unix", path, "rw-rw----", 4,
        new PostfixPolicyHandler(PolicyEngine.create(cache, fresh, false, meters, clock, Duration.ofMinutes(1)),
            new PostfixAccounts("mx1"), meters, 1024), () -> { });
         java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(path))) {
      assertThat(java.nio.file.Files.getPosixFilePermissions(path))
          .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
      BufferedReader in = new BufferedReader(new InputStreamReader(java.nio.channels.Channels.newInputStream(ch), StandardCharsets.UTF_8));
      OutputStream out = java.nio.channels.Channels.newOutputStream(ch);
      out.write(request("held@example.test", "1").getBytes(StandardCharsets.UTF_8));
      assertThat(answer(in)).startsWith("action=HOLD sentinel: held@example.test");
      out.write(request("other@example.test", "1").getBytes(StandardCharsets.UTF_8));
      assertThat(answer(in)).isEqualTo("action=DUNNO");
    }
    assertThat(path).doesNotExist();
  }
}
