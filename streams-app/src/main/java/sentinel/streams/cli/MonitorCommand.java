package sentinel.streams.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;
import sentinel.streams.MonitorApp;
import sentinel.streams.config.MonitorConfig;

/** {@code ./sentinel monitor}: the Kafka Streams monitor against a cluster, until Ctrl-C. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = "Runs the monitor against the cluster in kafka.bootstrap.servers (or KAFKA_BOOTSTRAP_SERVERS).")
public final class MonitorCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Override
  public Integer call() throws InterruptedException {
    ConfigSource source = config.load();
    if (source.find(ConfigSource.BOOTSTRAP_KEY).isEmpty()) {
      throw new ConfigException(ConfigSource.BOOTSTRAP_KEY + " is not set (or set KAFKA_BOOTSTRAP_SERVERS); "
          + "for a local try-out run ./sentinel demo");
    }
    MonitorConfig monitorConfig = MonitorConfig.from(source);
    CountDownLatch stopped = new CountDownLatch(1);
    MonitorApp app = MonitorApp.start(monitorConfig, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "monitor-shutdown"));
    stopped.await();
    return 0;
  }
}
