package sentinel.common.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** Testcontainers' Kafka, for machines with a Docker engine. Only touched when one is there. */
final class DockerKafka {
  private DockerKafka() {}

  static boolean dockerAvailable() {
    boolean socket = Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null;
    return socket && DockerClientFactory.instance().isDockerAvailable();
  }

  static KafkaCluster.Running start() {
    KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.0");
    kafka.start();
    return new KafkaCluster.Running(new KafkaCluster.Broker(kafka.getBootstrapServers()), kafka::stop);
  }
}
