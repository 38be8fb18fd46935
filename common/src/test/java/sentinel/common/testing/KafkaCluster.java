package sentinel.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import sentinel.common.broker.EmbeddedKafkaBroker;

/**
 * JUnit extension that hands tests a real Kafka cluster, one per test JVM, in this order:
 * {@code KAFKA_BOOTSTRAP_SERVERS} when set; Testcontainers' Kafka when a Docker engine answers and
 * {@code SENTINEL_TEST_DOCKER=true}; otherwise the embedded single-node KRaft broker. Tests never
 * skip for want of Docker.
 *
 * <p>Use with {@code @ExtendWith(KafkaCluster.class)} and a {@link Broker} parameter.
 */
public final class KafkaCluster implements ParameterResolver {

  /** Where tests find the cluster. */
  public record Broker(String bootstrapServers) {
    public Map<String, Object> clientProps() {
      return Map.of("bootstrap.servers", bootstrapServers);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Broker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return e.getRoot()
        .getStore(ExtensionContext.Namespace.create(KafkaCluster.class))
        .getOrComputeIfAbsent("cluster", k -> start(), Running.class)
        .broker();
  }

  private static Running start() {
    Optional<String> external = Optional.ofNullable(System.getenv("KAFKA_BOOTSTRAP_SERVERS")).filter(s -> !s.isBlank());
    if (external.isPresent()) {
      return new Running(new Broker(external.get()), () -> {});
    }
    if ("true".equalsIgnoreCase(System.getenv("SENTINEL_TEST_DOCKER")) && DockerKafka.dockerAvailable()) {
      return DockerKafka.start();
    }
    // A fatal broker error must fail the test, not exit the test JVM.
    Exit.setExitProcedure((code, msg) -> { throw new IllegalStateException("broker tried to exit(" + code + "): " + msg); });
    Exit.setHaltProcedure((code, msg) -> { throw new IllegalStateException("broker tried to halt(" + code + "): " + msg); });
    try {
      Path dir = Files.createTempDirectory("sentinel-test-broker");
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0, 3);
      return new Running(new Broker(broker.bootstrapServers()), broker::close);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closed by JUnit when the whole test run ends. */
  record Running(Broker broker, Runnable stop) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      stop.run();
    }
  }
}
