package sentinel.streams.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every committed record of one topic from the beginning (read_committed: what a downstream reader
 * sees of an exactly-once producer), accumulated across {@link #poll} calls on the caller's thread.
 */
final class CommittedTopic<V> implements AutoCloseable {
  private final KafkaConsumer<String, V> consumer;
  private final String topic;
  private final List<ConsumerRecord<String, V>> records = new ArrayList<>();
  private boolean assigned;

  CommittedTopic(String bootstrapServers, String topic, Deserializer<V> values) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20_000);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
    this.topic = topic;
  }

  /** Fetches what was committed since the last call; returns everything read so far. */
  synchronized List<ConsumerRecord<String, V>> poll() {
    if (!assigned) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      if (partitions == null || partitions.isEmpty()) {
        return List.copyOf(records); // not created yet (internal topics appear when the app starts)
      }
      List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      assigned = true;
    }
    int n;
    int rounds = 0;
    do {
      var batch = consumer.poll(Duration.ofMillis(200));
      batch.forEach(records::add);
      n = batch.count();
    } while (n > 0 && ++rounds < 1000);
    return List.copyOf(records);
  }

  synchronized List<V> values() {
    return poll().stream().map(ConsumerRecord::value).toList();
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
