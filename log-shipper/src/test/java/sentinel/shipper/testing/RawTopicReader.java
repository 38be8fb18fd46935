package sentinel.shipper.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.common.json.JsonSerde;
import sentinel.common.testing.KafkaCluster;

/** Reads every envelope of one topic from the beginning, accumulating across {@link #poll} calls. */
public final class RawTopicReader implements AutoCloseable {
  private final KafkaConsumer<String, RawLineEnvelope> consumer;
  private static final int MAX_POLLS_PER_CALL = 10;
  private final List<ConsumerRecord<String, RawLineEnvelope>> records = new ArrayList<>();

  public RawTopicReader(KafkaCluster.Broker broker, String topic, int partitions) {
    Map<String, Object> props = new HashMap<>(broker.clientProps());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20_000);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new JsonSerde<>(RawLineEnvelope.class).deserializer());
    List<TopicPartition> tps = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      tps.add(new TopicPartition(topic, p));
    }
    consumer.assign(tps);
    consumer.seekToBeginning(tps);
  }

  /** Creates {@code topic} with {@code partitions} partitions. */
  public static void createTopic(KafkaCluster.Broker broker, String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(broker.clientProps())) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  /**
   * Fetches what arrived since the last call, in a bounded number of polls (a shipper that keeps
   * up with a growing file never leaves the topic idle, so "until empty" might never end); returns
   * everything read so far.
   */
  public List<ConsumerRecord<String, RawLineEnvelope>> poll() {
    for (int i = 0; i < MAX_POLLS_PER_CALL; i++) {
      var batch = consumer.poll(Duration.ofMillis(200));
      batch.forEach(records::add);
      if (batch.isEmpty()) {
        break;
      }
    }
    return records;
  }

  public List<RawLineEnvelope> envelopes() {
    return records.stream().map(ConsumerRecord::value).toList();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
