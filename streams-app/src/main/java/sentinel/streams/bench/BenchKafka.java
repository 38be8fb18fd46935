package sentinel.streams.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import sentinel.common.broker.EmbeddedKafkaBroker;

/**
 * The broker a benchmark runs on (the embedded real broker, or an existing cluster) and the admin
 * calls the benchmarks need: fresh topics, end offsets, committed offsets.
 */
public final class BenchKafka implements AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final String bootstrap;
  private final Admin admin;

  private BenchKafka(EmbeddedKafkaBroker broker, String bootstrap) {
    this.broker = broker;
    this.bootstrap = bootstrap;
    this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
  }

  /** Starts the embedded broker in {@code dir} unless {@code bootstrap} names a cluster. */
  public static BenchKafka start(Path dir, String bootstrap, int partitions) {
    if (bootstrap != null && !bootstrap.isBlank()) {
      return new BenchKafka(null, bootstrap);
    }
    EmbeddedKafkaBroker b = EmbeddedKafkaBroker.start(dir, 0, partitions);
    return new BenchKafka(b, b.bootstrapServers());
  }

  public String bootstrap() {
    return bootstrap;
  }

  public Map<String, Object> clientProps() {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrap);
    return p;
  }

  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  public void createTopic(String name, int partitions, Map<String, String> configs) {
    try {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
      awaitLeaders(name, partitions);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating " + name, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits until every partition answers an offsets request. Producing to a topic whose leaders are
   * not elected yet made an idempotent producer loop on OUT_OF_ORDER_SEQUENCE_NUMBER retries for a
   * whole run (seen in the shipper benchmark), which measures topic creation, not the producer.
   */
  private void awaitLeaders(String topic, int partitions) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        endOffsets(topic, partitions);
        return;
      } catch (IllegalStateException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  public void deleteTopics(Set<String> names) {
    try {
      admin.deleteTopics(names).all().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Best effort: a benchmark only deletes to keep the broker's disk small.
    }
  }

  public Map<TopicPartition, Long> endOffsets(String topic, int partitions) {
    Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      spec.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    try {
      return admin.listOffsets(spec).all().get(30, TimeUnit.SECONDS).entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot list offsets of " + topic + ": " + e.getMessage(), e);
    }
  }

  public long totalEndOffset(String topic, int partitions) {
    return endOffsets(topic, partitions).values().stream().mapToLong(Long::longValue).sum();
  }

  /** Committed offsets of {@code group} on {@code topic}, summed over partitions. */
  public long committed(String group, String topic) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      return 0;
    }
  }

  /** Bytes on the broker's disk for each partition of {@code topic}. */
  public long topicBytes(String topic) {
    try {
      int node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().id();
      return admin.describeLogDirs(List.of(node)).allDescriptions().get(30, TimeUnit.SECONDS).get(node).values().stream()
          .flatMap(d -> d.replicaInfos().entrySet().stream())
          .filter(e -> e.getKey().topic().equals(topic))
          .mapToLong(e -> e.getValue().size())
          .sum();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe log dirs: " + e.getMessage(), e);
    }
  }


  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
    if (broker != null) {
      broker.close();
    }
  }
}
