package sentinel.shipper;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.shipper.checkpoint.CheckpointStore;
import sentinel.shipper.checkpoint.FileCheckpoint;
import sentinel.shipper.config.ShipperConfig;
import sentinel.shipper.sink.InflightBudget;
import sentinel.shipper.sink.KafkaLineSink;

/**
 * The log shipper as a library: tails {@link ShipperConfig#paths()} into {@link
 * ShipperConfig#rawTopic()}, at least once, checkpointing to {@link ShipperConfig#checkpointFile()}.
 *
 * <pre>{@code
 * Shipper shipper = new Shipper(ShipperConfig.from(config), producerProps, registry, Clock.systemUTC());
 * shipper.start();   // returns at once; reading runs on the thread "sentinel-shipper"
 * ...
 * shipper.close();   // stop reading, deliver what is in flight, save the checkpoint
 * }</pre>
 *
 * <p>One instance per checkpoint file. Not restartable: after {@link #close()} build a new one.
 */
public final class Shipper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);

  private final ShipperConfig config;
  private final Map<String, Object> producerProps;
  private final MeterRegistry registry;
  private final Clock clock;
  private final InflightBudget budget;
  private final ShipperMeters meters;
  private final CheckpointStore store;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final LoopWakeup wakeup = new LoopWakeup();
  private volatile Throwable failure;
  private volatile Thread thread;
  private KafkaLineSink sink;
  private FileSupervisor supervisor;
  private CheckpointWriter checkpoints;
  /** What was last handed to {@link #checkpoints}: unchanged offsets are not written again. */
  private List<FileCheckpoint> lastSubmitted;

  /**
   * @param config validated settings ({@link ShipperConfig#from})
   * @param kafkaProducerProps producer settings; must contain {@code bootstrap.servers}; values win
   *     over the shipper's defaults (see {@link KafkaLineSink#producerConfig})
   * @param registry where the {@code sentinel.shipper.*} and Kafka client meters go
   * @param clock source of {@code readAt} and of every timer (scan, checkpoint, close, stall): it
   *     must tick, so pass {@code Clock.systemUTC()} outside unit tests
   */
  public Shipper(ShipperConfig config, Map<String, Object> kafkaProducerProps, MeterRegistry registry, Clock clock) {
    this.config = config;
    this.producerProps = Map.copyOf(kafkaProducerProps);
    this.registry = registry;
    this.clock = clock;
    this.budget = new InflightBudget(config.maxInflightBytes());
    this.meters = new ShipperMeters(registry, budget::used);
    this.store = new CheckpointStore(config.checkpointFile(), clock);
  }

  /**
   * Loads the checkpoint, connects the producer and starts reading on a new thread. Throws {@link
   * sentinel.shipper.checkpoint.CheckpointException} when the checkpoint cannot be used.
   */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("shipper already started");
    }
    CheckpointStore.Loaded loaded = store.load();
    sink = new KafkaLineSink(producerProps, config.rawTopic(), config.host(), budget, meters, registry, clock,
        config.brokerStallTimeout());
    sink.onRoom(wakeup::wake);
    supervisor = new FileSupervisor(config, loaded.checkpoint(), loaded.recoveredFromCorruption(), sink, meters, clock);
    lastSubmitted = loaded.checkpoint().files();
    checkpoints = new CheckpointWriter(store, clock, "sentinel-shipper-checkpoint");
    thread = new Thread(this::run, "sentinel-shipper");
    thread.start();
    LOG.info("Shipping {} to topic {} as host {} (checkpoint {})", config.paths(), config.rawTopic(), config.host(),
        store.file());
  }

  private void run() {
    try {
      long nextScan = 0;
      long nextCheckpoint = clock.millis() + config.checkpointInterval().toMillis();
      while (stop.getCount() > 0) {
        if (clock.millis() >= nextScan) {
          supervisor.scan();
          nextScan = clock.millis() + config.pollInterval().toMillis();
        }
        sink.resendDue();
        sink.brokerUp();
        // While lines wait for a retry, new reading would only grow the backlog.
        boolean more = !sink.hasRetries() && supervisor.readPass();
        if (clock.millis() >= nextCheckpoint) {
          submitCheckpoint();
          nextCheckpoint = clock.millis() + config.checkpointInterval().toMillis();
        }
        supervisor.updateGauges();
        if (!more) {
          wakeup.await(config.pollInterval().toMillis()); // early when the sink has room again, or on close
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failure = e;
      LOG.error("Shipper stopped by an unexpected error; lines after the checkpoint are read again on restart", e);
    } finally {
      shutDown();
    }
  }

  private void shutDown() {
    try {
      sink.close(config.shutdownTimeout()); // delivers what is in flight; callbacks settle the trackers
    } catch (RuntimeException e) {
      LOG.warn("Closing the producer: {}", e.toString());
    }
    checkpoints.close(); // lets a save in progress finish: the final one below must be the last write
    checkpoints.save(supervisor.checkpointEntries());
    supervisor.updateGauges();
    supervisor.close();
    LOG.info("Shipper stopped: {} lines read, {} shipped", meters.linesRead(), meters.linesShipped());
    terminated.countDown();
  }

  /**
   * Hands the committed offsets to the checkpoint thread when they moved, or when the last write
   * failed (so a fixed disk gets the checkpoint again); the loop does not wait for the fsync.
   */
  private void submitCheckpoint() {
    List<FileCheckpoint> entries = supervisor.checkpointEntries();
    if (!entries.equals(lastSubmitted) || checkpoints.lastSaveFailed()) {
      checkpoints.submit(entries);
      lastSubmitted = entries;
    }
  }

  /**
   * Stops reading, waits up to {@code shipper.shutdown.timeout} for the broker to acknowledge what
   * is in flight, saves the checkpoint and closes the files. Idempotent; safe from a shutdown hook.
   */
  @Override
  public void close() {
    stop.countDown();
    wakeup.wake();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null || Thread.currentThread() == t) {
      return;
    }
    try {
      // send() may block up to max.block.ms before the loop sees the stop signal.
      long waitMs = config.shutdownTimeout().toMillis() + Duration.ofSeconds(30).toMillis();
      if (!terminated.await(waitMs, TimeUnit.MILLISECONDS)) {
        LOG.warn("Shipper did not stop within {} ms", waitMs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks until the reading thread has stopped (after {@link #close()} or a fatal error). */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /** Lines taken from files and handed to the producer. */
  public long linesRead() {
    return meters.linesRead();
  }

  /** Lines the broker acknowledged. */
  public long linesShipped() {
    return meters.linesShipped();
  }

  /** Record bytes sent and not yet acknowledged; never above {@code shipper.max.inflight.bytes}. */
  public long inflightBytes() {
    return budget.used();
  }

  /** All counters and gauges, for tests and the demo. */
  public ShipperMeters meters() {
    return meters;
  }

  /** True while reading runs and the broker acknowledges; what {@code /health} reports. */
  public boolean healthy() {
    return terminated.getCount() > 0 && thread != null && meters.brokerUp();
  }

  /** The error that stopped the reading thread, if one did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  public ShipperConfig config() {
    return config;
  }
}
