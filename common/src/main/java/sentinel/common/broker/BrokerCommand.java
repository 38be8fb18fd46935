package sentinel.common.broker;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sentinel broker}: the embedded single-node KRaft broker on its own, until Ctrl-C. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = "Runs a real single-node Kafka broker (KRaft) on 127.0.0.1 until Ctrl-C.")
public final class BrokerCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--dir", defaultValue = ".sentinel/broker", description = "Log directory, kept across runs (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--partitions", defaultValue = "6", description = "Default partitions for new topics (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public Integer call() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, port, partitions);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      stopped.countDown();
    }, "broker-shutdown"));
    System.out.println("Kafka broker ready: bootstrap servers " + broker.bootstrapServers()
        + " (export KAFKA_BOOTSTRAP_SERVERS=" + broker.bootstrapServers() + ")");
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BrokerCommand()).execute(args));
  }
}
