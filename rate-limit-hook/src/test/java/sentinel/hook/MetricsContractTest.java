package sentinel.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import sentinel.hook.testing.HookFixtures;
import sentinel.hook.testing.PolicyClient;

/** What /metrics serves equals the metrics table of the module README, name for name. */
class MetricsContractTest {
  private static final Pattern DOCUMENTED = Pattern.compile("^\\| `(sentinel_hook_[a-z_]+)`", Pattern.MULTILINE);
  private static final Pattern SERVED = Pattern.compile("^# TYPE (sentinel_hook_[a-z_]+) ", Pattern.MULTILINE);

  @Test
  void servesExactlyTheDocumentedHookMetrics() throws Exception {
    Set<String> documented = names(DOCUMENTED, Files.readString(Path.of("README.md")));
    String unreachable;
    try (ServerSocket s = new ServerSocket(0)) {
      unreachable = "127.0.0.1:" + s.getLocalPort();
    }
    try (HookService hook = HookService.start(HookFixtures.settings(unreachable, "sentinel.account-status",
        Map.of("hook.http.enabled", "false", "hook.feed.max.age", "1s", "hook.feed.check.interval", "200ms")),
        Clock.systemUTC())) {
      // one answered request, one protocol error, one fail-open: every meter has a series
      await().atMost(Duration.ofSeconds(10)).until(() -> hook.feed().stale(java.time.Instant.now()));
      assertThat(PolicyClient.ask(hook.postfixPort(), "someone@example.test", 1)).isEqualTo("action=DUNNO");
      try (Socket s = new Socket("127.0.0.1", hook.eximPort())) {
        s.getOutputStream().write("a b c\n".getBytes(StandardCharsets.UTF_8));
        s.shutdownOutput();
        assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("DUNNO\n");
      }
      // the postfix answer is counted just after it is written: wait for the scrape to show it
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + hook.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(names(SERVED, scrape)).isEqualTo(documented);
        assertThat(scrape).contains("sentinel_hook_requests_total{action=\"dunno\",protocol=\"exim\"} 1.0",
            "sentinel_hook_protocol_errors_total{protocol=\"exim\",reason=\"malformed_line\"} 1.0",
            "sentinel_hook_accounts_under_decision{action=\"hold\"} 0.0",
            "# TYPE sentinel_hook_request_latency_seconds histogram",
            "sentinel_hook_request_latency_seconds_count{protocol=\"postfix\"} 1");
      });
    }
  }

  private static Set<String> names(Pattern p, String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
