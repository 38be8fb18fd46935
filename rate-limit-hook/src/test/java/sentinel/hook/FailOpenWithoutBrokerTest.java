package sentinel.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sentinel.hook.testing.HookFixtures;
import sentinel.hook.testing.PolicyClient;

/** A hook whose broker cannot be reached: stale feed, fail-open (or closed), and it says so. */
class FailOpenWithoutBrokerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private static String unreachableBroker() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "127.0.0.1:" + s.getLocalPort();
    }
  }

  private HookService start(Map<String, String> extra) throws IOException {
    Map<String, String> c = new java.util.HashMap<>(Map.of("hook.feed.max.age", "1s", "hook.feed.check.interval", "200ms",
        "hook.http.enabled", "false"));
    c.putAll(extra);
    return HookService.start(HookFixtures.settings(unreachableBroker(), "sentinel.account-status", c), Clock.systemUTC());
  }

  @Test
  void failsOpenAndReportsStalenessInMetricsAndHealth() throws Exception {
    try (HookService hook = start(Map.of())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> hook.feed().stale(java.time.Instant.now()));
      assertThat(PolicyClient.ask(hook.postfixPort(), "anyone@example.test", 1)).isEqualTo("action=DUNNO");
      assertThat(PolicyClient.ask(hook.postfixPort(), "someone@example.test", 1)).isEqualTo("action=DUNNO");
      String metrics = get(hook, "/metrics");
      assertThat(metrics).contains("sentinel_hook_feed_stale 1.0", "sentinel_hook_fail_open_total 2.0");
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + hook.metricsPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(503);
    }
  }

  @Test
  void failsClosedWithATemporaryErrorWhenConfigured() throws Exception {
    try (HookService hook = start(Map.of("hook.fail.closed", "true"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> hook.feed().stale(java.time.Instant.now()));
      assertThat(PolicyClient.ask(hook.postfixPort(), "anyone@example.test", 1))
          .isEqualTo("action=DEFER_IF_PERMIT 4.3.0 Sending policy temporarily unavailable, try again later");
    }
  }

  private String get(HookService hook, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hook.metricsPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
