package sentinel.streams.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import sentinel.common.contract.AccountDecision;
import sentinel.common.json.JsonSerde;
import sentinel.streams.model.Alert;

/**
 * Prints alerts and enforcement decisions from the output topics as an admin would want to read
 * them. Reads the real topics through the broker, like any downstream consumer would.
 */
public final class AlertConsole implements AutoCloseable {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private final KafkaConsumer<String, byte[]> consumer;
  private final String alertsTopic;
  private final PrintStream out;
  private final JsonSerde<Alert> alerts = new JsonSerde<>(Alert.class);
  private final JsonSerde<AccountDecision> decisions = new JsonSerde<>(AccountDecision.class);
  private final Set<String> alertedSubjects = ConcurrentHashMap.newKeySet();
  private final Thread thread;

  public AlertConsole(Map<String, Object> clientProps, String alertsTopic, String statusTopic, PrintStream out) {
    Map<String, Object> props = new HashMap<>(clientProps);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "sentinel-demo-console");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Only committed (exactly-once) output is an alert that really happened.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.alertsTopic = alertsTopic;
    this.out = out;
    consumer.subscribe(List.of(alertsTopic, statusTopic));
    this.thread = new Thread(this::run, "alert-console");
    thread.setDaemon(true);
    thread.start();
  }

  /** Subjects (accounts or {@code ip:…}) that have had at least one alert printed. */
  public Set<String> alertedSubjects() {
    return Set.copyOf(alertedSubjects);
  }

  private void run() {
    try {
      while (true) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.topic().equals(alertsTopic)) {
            Alert a = alerts.deserializer().deserialize(r.topic(), r.value());
            alertedSubjects.add(a.subject());
            out.println(format(a));
          } else if (r.value() != null) {
            out.println(format(decisions.deserializer().deserialize(r.topic(), r.value())));
          }
          out.flush();
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } finally {
      consumer.close();
    }
  }

  static String format(Alert a) {
    StringBuilder sb = new StringBuilder();
    sb.append("\n=== ").append(a.severity().toUpperCase()).append(" ").append(a.type()).append(": ").append(a.subject()).append(" ===\n");
    sb.append("  active since ").append(TIME.format(a.firstSeen())).append(", detected ").append(TIME.format(a.detectedAt())).append('\n');
    a.reasons().forEach(r -> sb.append("  - ").append(r).append('\n'));
    if (!a.clientIps().isEmpty()) {
      sb.append("  client IPs: ").append(String.join(", ", a.clientIps())).append('\n');
    }
    if (!a.countries().isEmpty()) {
      sb.append("  countries: ").append(String.join(", ", a.countries())).append('\n');
    }
    sb.append("  what to do: ").append(a.advice());
    return sb.toString();
  }

  static String format(AccountDecision d) {
    String limit = d.limitPerHour() > 0 ? " (" + d.limitPerHour() + " recipients/hour)" : "";
    String until = d.expiresAt() == null ? " until an operator releases it" : " until " + TIME.format(d.expiresAt());
    return "  >> enforcement: " + d.action() + limit + " for " + d.account() + until + " [" + d.source() + "]";
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(5000);
  }
}
