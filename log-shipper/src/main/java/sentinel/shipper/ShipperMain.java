package sentinel.shipper;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;
import sentinel.common.metrics.MetricsServer;
import sentinel.shipper.checkpoint.CheckpointException;
import sentinel.shipper.config.ShipperConfig;

/** {@code ./sentinel shipper}: command line to config to {@link Shipper}; runs until SIGTERM/Ctrl-C. */
@Command(name = "shipper", mixinStandardHelpOptions = true,
    description = "Tail MTA log files into the mta.raw topic (rotation-safe, checkpointed, at least once).",
    version = "sentinel shipper 0.1.0",
    footer = {"", "Every config key can also be set in the --config file or in the environment as",
        "SENTINEL_<KEY> (e.g. SENTINEL_SHIPPER_PATHS); KAFKA_BOOTSTRAP_SERVERS sets",
        "kafka.bootstrap.servers. Exit codes: 0 stopped, 1 failed, 2 bad config, 3 bad checkpoint."})
public final class ShipperMain implements Callable<Integer> {
  static {
    // Log4j's own shutdown hook would stop logging while ours is still closing the shipper, and the
    // final "stopped" / checkpoint messages would be lost. Must run before the first logger exists.
    System.setProperty("log4j.shutdownHookEnabled", "false");
  }

  private static final Logger LOG = LoggerFactory.getLogger(ShipperMain.class);

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file with shipper.*, kafka.* and topics.* keys.")
  Path configFile;

  @Option(names = "--path", paramLabel = "GLOB", description = "File or glob to tail; repeatable (shipper.paths).")
  List<String> paths;

  @Option(names = "--host", paramLabel = "NAME", description = "Host name used as record key (shipper.host; default: this machine's).")
  String host;

  @Option(names = "--checkpoint", paramLabel = "FILE", description = "Checkpoint file (shipper.checkpoint.file).")
  Path checkpoint;

  @Option(names = "--from-beginning", description = "Files without a checkpoint start at their beginning (shipper.start.at=beginning).")
  boolean fromBeginning;

  @Option(names = "--metrics-port", paramLabel = "N", description = "Port for /metrics and /health (shipper.metrics.port, default 9401; 0 = any free port).")
  Integer metricsPort;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ShipperMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> overrides = new HashMap<>();
    if (paths != null && !paths.isEmpty()) {
      overrides.put("shipper.paths", String.join(",", paths));
    }
    if (host != null) {
      overrides.put("shipper.host", host);
    }
    if (checkpoint != null) {
      overrides.put("shipper.checkpoint.file", checkpoint.toString());
    }
    if (fromBeginning) {
      overrides.put("shipper.start.at", "beginning");
    }
    if (metricsPort != null) {
      overrides.put("shipper.metrics.port", metricsPort.toString());
    }
    ShipperConfig config;
    Map<String, Object> producerProps;
    try {
      ConfigSource source = ConfigSource.load(Optional.ofNullable(configFile), overrides);
      config = ShipperConfig.from(source);
      producerProps = ShipperConfig.producerProps(source);
      if (!producerProps.containsKey("bootstrap.servers")) {
        throw new ConfigException("kafka.bootstrap.servers is not set (or KAFKA_BOOTSTRAP_SERVERS)");
      }
    } catch (ConfigException | java.io.UncheckedIOException e) {
      LOG.error("Invalid configuration: {}", e.getMessage());
      return 2;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Shipper shipper = new Shipper(config, producerProps, registry, Clock.systemUTC());
    MetricsServer metrics;
    try {
      metrics = MetricsServer.start(config.metrics().bind(), config.metrics().port(), registry, shipper::healthy);
    } catch (java.io.UncheckedIOException e) {
      LOG.error("{} (set shipper.metrics.port or --metrics-port)", e.getMessage());
      return 2;
    }
    try {
      shipper.start();
    } catch (CheckpointException e) {
      LOG.error("{}", e.getMessage());
      metrics.close();
      return 3;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      shipper.close();
      metrics.close();
    }, "shipper-shutdown"));
    shipper.awaitTermination();
    return shipper.failure().isPresent() ? 1 : 0;
  }
}
