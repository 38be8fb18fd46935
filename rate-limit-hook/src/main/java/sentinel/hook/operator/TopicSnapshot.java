package sentinel.hook.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import sentinel.hook.decision.DecisionCache;
import sentinel.hook.feed.DecisionRecords;
import sentinel.hook.metrics.HookMeters;

/**
 * Reads the whole account-status topic once, to its current end, into a {@link DecisionCache}
 * with the same precedence rules the hook applies: what {@code account status|list} show is what
 * a freshly started hook would enforce.
 */
public final class TopicSnapshot {
  private TopicSnapshot() {}

  public static DecisionCache read(Map<String, Object> kafkaProps, String topic, HookMeters meters, Clock clock,
      Duration timeout) {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "sentinel-account-snapshot");
    // Show what the hook enforces: committed decisions only, as its feed reads them.
    props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    DecisionCache cache = new DecisionCache();
    DecisionRecords records = new DecisionRecords(cache, meters);
    Instant deadline = clock.instant().plus(timeout);
    try (KafkaConsumer<byte[], byte[]> consumer =
             new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, timeout).stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .collect(Collectors.toList());
      if (parts.isEmpty()) {
        return cache;
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts, timeout);
      while (!reachedEnd(consumer, ends)) {
        if (clock.instant().isAfter(deadline)) {
          throw new IllegalStateException("could not read " + topic + " to its end within " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          records.apply(r);
        }
      }
    }
    return cache;
  }

  private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }
}
