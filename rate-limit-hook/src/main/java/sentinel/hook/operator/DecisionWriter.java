package sentinel.hook.operator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import sentinel.common.contract.AccountDecision;
import sentinel.common.json.JsonSerde;

/** Writes decisions to the account-status topic, keyed by account, and waits for the broker's ack. */
public final class DecisionWriter implements AutoCloseable {
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);
  private final KafkaProducer<String, AccountDecision> producer;
  private final String topic;

  public DecisionWriter(Map<String, Object> kafkaProps, String topic) {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    // An operator's hold must not be lost to a leader change: wait for every in-sync replica.
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "sentinel-account-command");
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ACK_TIMEOUT.toMillis());
    props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ACK_TIMEOUT.toMillis());
    props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ACK_TIMEOUT.toMillis() / 2);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new JsonSerde<>(AccountDecision.class).serializer());
    this.topic = topic;
  }

  /** Writes {@code decision} under its account and returns where it landed. */
  public RecordMetadata write(AccountDecision decision) {
    try {
      return producer.send(new ProducerRecord<>(topic, decision.account(), decision))
          .get(ACK_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write the decision for " + decision.account() + " to " + topic + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the broker did not acknowledge the decision for " + decision.account()
          + " within " + ACK_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the decision", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
