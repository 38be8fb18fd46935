package sentinel.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sentinel.common.contract.Action;
import sentinel.common.testing.KafkaCluster;
import sentinel.hook.operator.DecisionWriter;
import sentinel.hook.testing.Decisions;
import sentinel.hook.testing.HookFixtures;
import sentinel.hook.testing.PolicyClient;

/** The whole hook against a real broker: decisions written to the topic change its answers. */
@ExtendWith(KafkaCluster.class)
class HookOnRealBrokerTest {
  private static final String VICTIM = "victim@example.test";
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> call(HookService hook, String method, String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hook.httpPort() + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersChangeAsDecisionsArriveAndOperatorDecisionsWinOverTheDetector(KafkaCluster.Broker broker) throws Exception {
    String topic = HookFixtures.newTopic(broker.bootstrapServers());
    try (HookService hook = HookService.start(HookFixtures.settings(broker.bootstrapServers(), topic, Map.of()), Clock.systemUTC());
         DecisionWriter detector = new DecisionWriter(Map.of("bootstrap.servers", broker.bootstrapServers()), topic)) {
      // Given a hook that has read the (empty) topic
      assertThat(hook.feed().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      assertThat(PolicyClient.ask(hook.postfixPort(), VICTIM, 1)).isEqualTo("action=DUNNO");

      // When the detector holds the account, Then the hook answers HOLD
      detector.write(Decisions.detector(VICTIM, Action.HOLD, 0, java.time.Instant.now(), null));
      await().atMost(Duration.ofSeconds(15))
          .until(() -> PolicyClient.ask(hook.postfixPort(), VICTIM, 1).startsWith("action=HOLD sentinel: " + VICTIM));

      // When an operator releases it through the HTTP API (which needs the token)
      assertThat(call(hook, "POST", "/accounts/" + VICTIM + "/release", null).statusCode()).isEqualTo(401);
      assertThat(call(hook, "POST", "/accounts/" + VICTIM + "/release", "wrong-token-0123456789").statusCode()).isEqualTo(401);
      HttpResponse<String> released = call(hook, "POST", "/accounts/" + VICTIM + "/release?reason=customer%20reset%20password", HookFixtures.TOKEN);
      assertThat(released.statusCode()).isEqualTo(200);
      assertThat(released.body()).contains("\"source\" : \"operator\"", "\"action\" : \"NONE\"", "customer reset password");
      // Then mail flows again
      await().atMost(Duration.ofSeconds(15)).until(() -> PolicyClient.ask(hook.postfixPort(), VICTIM, 1).equals("action=DUNNO"));

      // When the detector holds the account again during the release, Then the release still wins
      detector.write(Decisions.detector(VICTIM, Action.HOLD, 0, java.time.Instant.now(), null));
      await().atMost(Duration.ofSeconds(15)).until(() -> hook.cache().stored(VICTIM).detector() != null
          && hook.cache().stored(VICTIM).detector().since().isAfter(hook.cache().stored(VICTIM).operator().since()));
      assertThat(PolicyClient.ask(hook.postfixPort(), VICTIM, 1)).isEqualTo("action=DUNNO");

      // When an operator throttles it, Then the budget applies
      assertThat(call(hook, "POST", "/accounts/" + VICTIM + "/throttle?limit=2", HookFixtures.TOKEN).statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(15))
          .until(() -> hook.cache().effective(VICTIM, java.time.Instant.now()).map(d -> d.action() == Action.THROTTLE).orElse(false));
      assertThat(List.of(PolicyClient.ask(hook.postfixPort(), VICTIM, 2), PolicyClient.ask(hook.postfixPort(), VICTIM, 1)))
          .satisfiesExactly(
              first -> assertThat(first).isEqualTo("action=DUNNO"),
              second -> assertThat(second).startsWith("action=DEFER_IF_PERMIT 4.7.1 "));
      assertThat(call(hook, "GET", "/accounts", HookFixtures.TOKEN).body()).contains(VICTIM, "THROTTLE");

      // When the account's key is tombstoned, Then no decision is left
      try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(
          Map.of("bootstrap.servers", broker.bootstrapServers()),
          new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, VICTIM, null)).get();
        // and a record that is not a decision is skipped and counted, not fatal
        producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "junk@example.test", "{not json")).get();
      }
      await().atMost(Duration.ofSeconds(15)).until(() -> hook.cache().stored(VICTIM).operator() == null);
      await().atMost(Duration.ofSeconds(15)).until(() -> hook.meters().registry()
          .get("sentinel.hook.feed.records").tag("outcome", "bad").counter().count() == 1.0);
      assertThat(PolicyClient.ask(hook.postfixPort(), VICTIM, 1)).isEqualTo("action=DUNNO");
    }
  }

  @Test
  void staysFreshOnAQuietTopicBecauseFreshnessMeansCaughtUpNotRecordsArriving(KafkaCluster.Broker broker) throws Exception {
    String topic = HookFixtures.newTopic(broker.bootstrapServers());
    try (HookService hook = HookService.start(HookFixtures.settings(broker.bootstrapServers(), topic,
        Map.of("hook.feed.max.age", "2s", "hook.feed.check.interval", "500ms")), Clock.systemUTC())) {
      assertThat(hook.feed().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      // no record arrives for longer than hook.feed.max.age, yet the feed stays fresh
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
          .until(() -> !hook.feed().stale(java.time.Instant.now()));
      String metrics = get("http://127.0.0.1:" + hook.metricsPort() + "/metrics");
      assertThat(metrics).contains("sentinel_hook_feed_stale 0.0");
      assertThat(get("http://127.0.0.1:" + hook.metricsPort() + "/health")).isEqualTo("ok\n");
    }
  }

  private String get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void aDecisionFromAnAbortedMonitorTransactionNeverHoldsMail(KafkaCluster.Broker broker) throws Exception {
    String topic = HookFixtures.newTopic(broker.bootstrapServers());
    String aborted = "aborted@example.test";
    String committed = "committed@example.test";
    try (HookService hook = HookService.start(HookFixtures.settings(broker.bootstrapServers(), topic, Map.of()), Clock.systemUTC());
         var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(
             Map.of("bootstrap.servers", broker.bootstrapServers(), "transactional.id", "monitor-" + topic),
             new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
      assertThat(hook.feed().awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      var json = sentinel.common.json.Json.newMapper();
      producer.initTransactions();

      // Given a monitor transaction with a HOLD that aborts, then one that commits
      producer.beginTransaction();
      producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, aborted,
          json.writeValueAsString(Decisions.detector(aborted, Action.HOLD, 0, java.time.Instant.now(), null)))).get();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, committed,
          json.writeValueAsString(Decisions.detector(committed, Action.HOLD, 0, java.time.Instant.now(), null))));
      producer.commitTransaction();

      // Then the committed decision holds mail and the aborted one never reached the hook
      await().atMost(Duration.ofSeconds(15))
          .until(() -> PolicyClient.ask(hook.postfixPort(), committed, 1).startsWith("action=HOLD "));
      assertThat(hook.cache().stored(aborted).detector()).isNull();
      assertThat(PolicyClient.ask(hook.postfixPort(), aborted, 1)).isEqualTo("action=DUNNO");
    }
  }
}
