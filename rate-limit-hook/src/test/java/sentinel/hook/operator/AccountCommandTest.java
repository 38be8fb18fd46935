package sentinel.hook.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;
import sentinel.common.contract.AccountDecision;
import sentinel.common.json.Json;
import sentinel.common.testing.KafkaCluster;
import sentinel.hook.HookMain;
import sentinel.hook.testing.HookFixtures;

/** The account command as an operator runs it, against a real broker, and the JSON it writes. */
@ExtendWith(KafkaCluster.class)
class AccountCommandTest {
  /** DESIGN.md "Topics": the fields of a sentinel.account-status value. */
  static final List<String> DOCUMENTED_FIELDS =
      List.of("account", "action", "limitPerHour", "reasons", "since", "expiresAt", "source");

  private record Run(int exit, String out, String err) {}

  private static Run run(String bootstrap, String topic, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--bootstrap-servers", bootstrap, "-D", "topics.account-status=" + topic));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = HookMain.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int expected) {
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
        new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      List<ConsumerRecord<String, String>> out = new ArrayList<>();
      Instant deadline = Instant.now().plusSeconds(15);
      while (out.size() < expected && Instant.now().isBefore(deadline)) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  @Test
  void holdWritesAnOperatorDecisionWithExactlyTheDocumentedFields(KafkaCluster.Broker broker) throws Exception {
    String topic = HookFixtures.newTopic(broker.bootstrapServers());
    Instant before = Instant.now();
    Run hold = run(broker.bootstrapServers(), topic, "account", "hold", "Victim@Example.TEST",
        "--reason", "password leaked", "--reason", "sent 400 mails from 12 countries", "--until", "2h");
    assertThat(hold.exit()).as(hold.err()).isZero();
    assertThat(hold.out()).startsWith("victim@example.test: HOLD by operator");

    ConsumerRecord<String, String> record = readAll(broker.bootstrapServers(), topic, 1).get(0);
    assertThat(record.key()).isEqualTo("victim@example.test");
    JsonNode json = new ObjectMapper().readTree(record.value());
    List<String> fields = new ArrayList<>();
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      fields.add(it.next());
    }
    assertThat(fields).containsExactlyInAnyOrderElementsOf(DOCUMENTED_FIELDS);
    assertThat(json.get("account").asText()).isEqualTo("victim@example.test");
    assertThat(json.get("action").asText()).isEqualTo("HOLD");
    assertThat(json.get("limitPerHour").asInt()).isZero();
    assertThat(json.get("reasons")).extracting(JsonNode::asText).containsExactly("password leaked", "sent 400 mails from 12 countries");
    assertThat(json.get("source").asText()).isEqualTo("operator");
    // instants are ISO-8601 text, as every contract of the project writes them
    Instant since = Instant.parse(json.get("since").asText());
    Instant expires = Instant.parse(json.get("expiresAt").asText());
    assertThat(since).isBetween(before.minusSeconds(1), Instant.now());
    assertThat(Duration.between(since, expires)).isEqualTo(Duration.ofHours(2));
    // and the common record reads it back unchanged
    AccountDecision d = Json.newMapper().readValue(record.value(), AccountDecision.class);
    assertThat(d.expiresAt()).isEqualTo(expires);
  }

  @Test
  void throttleReleaseStatusAndListShowWhatTheHookWouldEnforce(KafkaCluster.Broker broker) {
    String topic = HookFixtures.newTopic(broker.bootstrapServers());
    String bs = broker.bootstrapServers();
    assertThat(run(bs, topic, "account", "throttle", "busy@example.test", "--limit", "100", "--reason", "newsletter burst").exit()).isZero();
    assertThat(run(bs, topic, "account", "hold", "victim@example.test", "--reason", "leak").exit()).isZero();
    assertThat(run(bs, topic, "account", "hold", "fine@example.test").exit()).isZero();
    assertThat(run(bs, topic, "account", "release", "fine@example.test").exit()).isZero();

    Run list = run(bs, topic, "account", "list");
    assertThat(list.exit()).isZero();
    assertThat(list.out().lines().toList()).satisfiesExactly(
        busy -> assertThat(busy).startsWith("busy@example.test ").contains("THROTTLE 100/h by operator", "newsletter burst"),
        victim -> assertThat(victim).startsWith("victim@example.test ").contains("HOLD by operator", "no expiry", "leak"));

    Run status = run(bs, topic, "account", "status", "FINE@example.test");
    assertThat(status.out()).contains("account:   fine@example.test", "in force:  NONE by operator",
        "released by operator", "until ");

    Run missingLimit = run(bs, topic, "account", "throttle", "x@example.test");
    assertThat(missingLimit.exit()).isNotZero();
    assertThat(missingLimit.err()).contains("--limit");

    Run badUntil = run(bs, topic, "account", "hold", "x@example.test", "--until", "soon");
    assertThat(badUntil.exit()).isEqualTo(1);
    assertThat(badUntil.err().trim()).startsWith("error: --until must be an instant").doesNotContain("Exception");
  }
}
