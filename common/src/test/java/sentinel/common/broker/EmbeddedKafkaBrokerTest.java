package sentinel.common.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import sentinel.common.kafka.TopicAdmin;
import sentinel.common.kafka.TopicSettings;
import sentinel.common.testing.KafkaCluster;

@ExtendWith(KafkaCluster.class)
class EmbeddedKafkaBrokerTest {

  @Test
  void roundTripsARecordThroughTheRealBrokerAfterCreatingTheSharedTopics(KafkaCluster.Broker broker) throws Exception {
    TopicSettings topics = new TopicSettings("rt.raw", "rt.alerts", "rt.status", "rt.dlq", 2, (short) 1);
    TopicAdmin.ensureTopics(broker.clientProps(), topics);
    TopicAdmin.ensureTopics(broker.clientProps(), topics); // a second call must leave them be

    try (var producer = new KafkaProducer<>(broker.clientProps(), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("rt.raw", "mx1", "hello")).get();
    }
    Map<String, Object> consumerProps = new HashMap<>(broker.clientProps());
    consumerProps.put("group.id", "rt");
    consumerProps.put("auto.offset.reset", "earliest");
    try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("rt.raw"));
      List<ConsumerRecord<String, String>> got = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (got.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(got::add);
      }
      assertThat(got).extracting(ConsumerRecord::key, ConsumerRecord::value).containsExactly(tuple("mx1", "hello"));
    }
  }
}
