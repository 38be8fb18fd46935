package sentinel.streams.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sentinel.common.broker.EmbeddedKafkaBroker;
import sentinel.common.config.ConfigSource;
import sentinel.common.config.Durations;
import sentinel.shipper.Shipper;
import sentinel.shipper.config.ShipperConfig;
import sentinel.streams.MonitorApp;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.demo.AlertConsole;
import sentinel.streams.demo.StoryWriter;
import sentinel.streams.simulate.LeakedPasswordStory;

/**
 * {@code ./sentinel demo}: a real local broker, the monitor and the shipper, on a Postfix log that
 * a built-in story writes in real time (or on a real log with {@code --log}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Starts an embedded Kafka broker (unless KAFKA_BOOTSTRAP_SERVERS is set), the monitor and the shipper.",
        "Without --log, a simulated Postfix log is written in real time: a few dozen customers send a trickle,",
        "then one customer's leaked password is used by a botnet. Alerts print here; metrics are served."})
public final class DemoCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(names = "--log", paramLabel = "PATH", description = "Tail this real mail log instead of the simulated one.")
  Path log;

  @Option(names = "--duration", paramLabel = "DURATION", description = "Stop by itself after this long, e.g. 90s (default: run until Ctrl-C).")
  String duration;

  @Option(names = "--metrics-port", defaultValue = "9402", description = "Port for /metrics on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int metricsPort;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed of the simulated story (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Optional<Duration> runFor = Optional.ofNullable(duration).map(Durations::parse);
    Path work = Files.createTempDirectory("sentinel-demo");
    CountDownLatch done = new CountDownLatch(1);
    Resources resources = new Resources();
    Thread hook = new Thread(() -> { resources.close(); done.countDown(); }, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    ConfigSource base = config.load();
    String bootstrap = base.find(ConfigSource.BOOTSTRAP_KEY).orElseGet(() -> {
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"), 0, 3);
      resources.broker = broker;
      return broker.bootstrapServers();
    });
    Path logFile = log != null ? log : work.resolve("mail.log");
    Map<String, String> settings = new HashMap<>();
    settings.put(ConfigSource.BOOTSTRAP_KEY, bootstrap);
    settings.put("kafka.state.dir", work.resolve("state").toString());
    settings.put("monitor.application.id", "sentinel-demo-" + Long.toHexString(System.nanoTime()));
    settings.put("monitor.metrics.port", String.valueOf(metricsPort));
    settings.put("topics.partitions", "3");
    settings.put("shipper.paths", logFile.toString());
    settings.put("shipper.checkpoint.file", work.resolve("shipper-checkpoint.json").toString());
    settings.putIfAbsent("shipper.host", "mx1");
    ConfigSource source = base.withOverrides(settings);

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MonitorConfig monitorConfig = MonitorConfig.from(source);
    resources.monitor = MonitorApp.start(monitorConfig, registry, Clock.systemUTC());
    Map<String, Object> clientProps = new HashMap<>(monitorConfig.kafka());
    resources.console = new AlertConsole(clientProps, monitorConfig.topics().alerts(), monitorConfig.topics().accountStatus(), System.out);
    LeakedPasswordStory story = LeakedPasswordStory.demo();
    if (log == null) {
      Files.createFile(logFile);
      resources.story = new StoryWriter(logFile, story, Clock.systemUTC(), seed);
      resources.story.start();
    }
    resources.shipper = new Shipper(ShipperConfig.from(source), ShipperConfig.producerProps(source), registry, Clock.systemUTC());
    resources.shipper.start();

    System.out.println("Outbound Sentinel demo");
    System.out.println("  broker:  " + bootstrap + (resources.broker != null ? " (embedded)" : ""));
    System.out.println("  log:     " + logFile + (log == null ? " (simulated: " + story.accounts() + " customers; the password of "
        + story.leakedAccount() + " leaks after " + story.leakAfter().toSeconds() + " s)" : ""));
    System.out.println("  metrics: http://127.0.0.1:" + resources.monitor.metricsPort() + "/metrics");
    System.out.println("  stop:    Ctrl-C" + runFor.map(d -> " (or after " + Durations.format(d) + ")").orElse(""));

    boolean stoppedByUser = runFor.isPresent() ? done.await(runFor.get().toMillis(), TimeUnit.MILLISECONDS) : awaitForever(done);
    if (stoppedByUser) {
      return 0;
    }
    List<String> alerted = List.copyOf(resources.console.alertedSubjects());
    long shipped = resources.shipper.linesShipped();
    Runtime.getRuntime().removeShutdownHook(hook);
    resources.close();
    System.out.println("\nDemo finished: " + shipped + " log lines shipped, alerts for " + (alerted.isEmpty() ? "no one" : alerted));
    if (log == null && !alerted.contains(story.leakedAccount())) {
      System.out.println("The leaked account was not flagged in time; try a longer --duration.");
      return 1;
    }
    return 0;
  }

  private static boolean awaitForever(CountDownLatch done) throws InterruptedException {
    done.await();
    return true;
  }

  /** Everything the demo started, closed in reverse order. */
  private static final class Resources {
    EmbeddedKafkaBroker broker;
    MonitorApp monitor;
    Shipper shipper;
    StoryWriter story;
    AlertConsole console;
    private boolean closed;

    synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (story != null) story.close();
        if (shipper != null) shipper.close();
        if (console != null) console.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (monitor != null) monitor.close();
      if (broker != null) broker.close();
    }
  }
}
