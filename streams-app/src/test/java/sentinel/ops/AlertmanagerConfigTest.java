package sentinel.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** alerts/alertmanager.yml: amtool's verdict, the routing tree, and inhibition in a real Alertmanager. */
class AlertmanagerConfigTest {
  private static final String CONFIG = "alerts/alertmanager.yml";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void amtoolAcceptsTheConfig() {
    Path amtool = Tools.require("amtool", "prometheus-alertmanager");

    Tools.Run run = Tools.run(OpsFiles.root(), amtool, "check-config", CONFIG);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS").contains("2 inhibit rules");
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "alertname=SentinelAccountCompromised severity=critical verdict=COMPROMISED account=alice@example.com | page",
      "alertname=SentinelAccountSuspicious severity=warning verdict=SUSPICIOUS account=alice@example.com   | ticket",
      "alertname=SentinelBackscatterFlood severity=warning verdict=BACKSCATTER account=info@example.com     | ticket",
      "alertname=SentinelNoData severity=critical                                                          | page",
      "alertname=SentinelConsumerLag severity=critical instance=monitor-0:9402                             | page",
      "alertname=SentinelConsumerLag severity=warning instance=monitor-0:9402                              | ticket",
      "alertname=SentinelBruteForce severity=warning                                                       | ticket",
  })
  void routesPagesForCompromisedAndCriticalAndTicketsTheRest(String labels, String receiver) {
    Path amtool = Tools.require("amtool", "prometheus-alertmanager");
    List<String> args = new ArrayList<>(List.of("config", "routes", "test", "--config.file=" + CONFIG));
    args.addAll(List.of(labels.trim().split("\\s+")));

    Tools.Run run = Tools.run(OpsFiles.root(), amtool, args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output().lines().filter(l -> !l.startsWith("Warning:")).toList()).containsExactly(receiver);
  }

  @Test
  void aCompromisedPageAndACriticalSilenceOnlyTheirOwnDuplicates(@TempDir Path storage) throws Exception {
    Path alertmanager = Tools.require("prometheus-alertmanager", "prometheus-alertmanager");
    int port = freeLoopbackPort();
    Process am = new ProcessBuilder(alertmanager.toString(),
        "--config.file=" + OpsFiles.path(CONFIG),
        "--storage.path=" + storage,
        "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=")
        .redirectErrorStream(true).redirectOutput(storage.resolve("alertmanager.log").toFile()).start();
    try {
      URI base = URI.create("http://127.0.0.1:" + port);
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> get(base.resolve("/-/ready")).statusCode() == 200);

      // Given a compromised account and a lag page, each with the warning they make redundant
      post(base.resolve("/api/v2/alerts"), """
          [{"labels":{"alertname":"SentinelAccountCompromised","severity":"critical","account":"alice@example.com"}},
           {"labels":{"alertname":"SentinelAccountSuspicious","severity":"warning","account":"alice@example.com"}},
           {"labels":{"alertname":"SentinelAccountSuspicious","severity":"warning","account":"bob@example.com"}},
           {"labels":{"alertname":"SentinelConsumerLag","severity":"critical","instance":"monitor-0:9402"}},
           {"labels":{"alertname":"SentinelConsumerLag","severity":"warning","instance":"monitor-0:9402"}},
           {"labels":{"alertname":"SentinelConsumerLag","severity":"warning","instance":"monitor-1:9402"}},
           {"labels":{"alertname":"SentinelShipperLagging","severity":"warning","instance":"monitor-0:9402"}}]
          """);

      // Then exactly the same-account and same-alert-and-instance warnings are suppressed
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(states(base)).containsExactlyInAnyOrderEntriesOf(Map.of(
          "SentinelAccountCompromised/alice@example.com", "active",
          "SentinelAccountSuspicious/alice@example.com", "suppressed",
          "SentinelAccountSuspicious/bob@example.com", "active",
          "SentinelConsumerLag/critical/monitor-0:9402", "active",
          "SentinelConsumerLag/warning/monitor-0:9402", "suppressed",
          "SentinelConsumerLag/warning/monitor-1:9402", "active",
          "SentinelShipperLagging/warning/monitor-0:9402", "active")));
    } finally {
      am.destroy();
      if (!am.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        am.destroyForcibly();
      }
    }
  }

  private static Map<String, String> states(URI base) throws Exception {
    JsonNode alerts = OpsFiles.JSON.readTree(get(base.resolve("/api/v2/alerts")).body());
    Map<String, String> out = new java.util.TreeMap<>();
    for (JsonNode a : alerts) {
      JsonNode l = a.path("labels");
      String key = l.has("account")
          ? l.path("alertname").asText() + "/" + l.path("account").asText()
          : l.path("alertname").asText() + "/" + l.path("severity").asText() + "/" + l.path("instance").asText();
      out.put(key, a.path("status").path("state").asText());
    }
    return out;
  }

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void post(URI uri, String json) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
