package sentinel.shipper.sink;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.logging.RateLimitedLog;
import sentinel.shipper.ShipperMeters;
import sentinel.shipper.checkpoint.AckTracker;

/**
 * Sends serialized envelopes to {@code topics.raw}, keyed by host, and settles each file's
 * {@code AckTracker} from the producer callbacks.
 *
 * <p>A failed send is never dropped: the line keeps its in-flight bytes and is sent again. While
 * the broker is down only one line at a time is retried (a probe), so a blocked {@code send()}
 * does not stall the loop once per queued line; when the probe succeeds the rest follow.
 */
public final class KafkaLineSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaLineSink.class);
  private static final long FIRST_BACKOFF_MS = 250;
  private static final long MAX_BACKOFF_MS = 5_000;
  /**
   * After the in-flight cap stopped reading, the loop is woken once acknowledgements bring the
   * bytes in flight down to this share of the cap: waking at the first freed byte would send one
   * line per wake-up, while half the cap still in flight keeps the producer busy as reading resumes.
   */
  private static final double RESUME_SHARE = 0.5;

  private final Producer<byte[], byte[]> producer;
  private final KafkaClientMetrics clientMetrics;
  private final String topic;
  /** The record key, the host name in UTF-8: encoded once here rather than by a serializer per line. */
  private final byte[] key;
  private final InflightBudget budget;
  private final ShipperMeters meters;
  private final Clock clock;
  private final long stallMillis;
  private final RateLimitedLog outageLog;
  private final Queue<Retry> retries = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sendsFailing = new AtomicBoolean();
  private final AtomicLong lastProgressMillis = new AtomicLong();
  private final AtomicLong outageSinceMillis = new AtomicLong(-1);
  private volatile long nextRetryMillis;
  private long backoffMillis = FIRST_BACKOFF_MS;
  private final long resumeBelowBytes;
  /** Set by the loop when the cap refused a line; cleared by the callback that wakes it. */
  private volatile boolean waitingForRoom;
  /** Bytes in flight at or below which the refused line fits again (and half the cap is free). */
  private volatile long resumeAtBytes;
  private volatile Runnable onRoom = () -> { };

  public KafkaLineSink(Map<String, Object> userProps, String topic, String host, InflightBudget budget,
      ShipperMeters meters, MeterRegistry registry, Clock clock, Duration stallTimeout) {
    // Serializer instances override the class names in the config: both sides are bytes already.
    this.producer = new KafkaProducer<>(producerConfig(userProps, host, budget.cap()), new ByteArraySerializer(),
        new ByteArraySerializer());
    this.clientMetrics = new KafkaClientMetrics(producer);
    clientMetrics.bindTo(registry);
    this.topic = topic;
    this.key = host.getBytes(StandardCharsets.UTF_8);
    this.budget = budget;
    this.meters = meters;
    this.clock = clock;
    this.stallMillis = stallTimeout.toMillis();
    this.outageLog = new RateLimitedLog(LOG, Duration.ofSeconds(30), clock);
    this.lastProgressMillis.set(clock.millis());
    this.resumeBelowBytes = (long) (budget.cap() * RESUME_SHARE);
  }

  /**
   * What to run (on a producer thread) when lines refused for lack of room can be sent again: the
   * loop's wake-up, so it need not wait out its poll interval.
   */
  public void onRoom(Runnable wake) {
    this.onRoom = wake;
  }

  /**
   * The producer settings: the caller's {@code kafka.*} values win, except the serializers, which
   * are this class's business (it serializes envelopes itself to know their size). The sink itself
   * passes byte-array serializer instances (the key is encoded once); the String key serializer
   * named here serves callers that send with this config and a String key.
   */
  public static Map<String, Object> producerConfig(Map<String, Object> user, String host, long inflightCap) {
    Map<String, Object> p = new HashMap<>(user);
    // A retried batch must not be written twice or out of order within the partition.
    p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // A line counts as shipped (and the checkpoint moves past it) only once every in-sync replica has it.
    p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    // Log lines are repetitive text: lz4 shrinks them several-fold for little CPU.
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // Let a busy log fill batches; 20 ms is invisible next to detection windows of minutes.
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
    // Bigger batches for bursty logs (one host's lines all go to one partition).
    p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    // send() blocks while metadata is unknown (broker unreachable); bound that so the loop keeps
    // saving checkpoints and shuts down promptly. A timed-out send is retried, not dropped.
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    // The in-flight cap, not the producer buffer, must be what stops reading: room for all of it.
    p.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L * 1024 * 1024, 2 * inflightCap));
    // Names the shipper in broker logs and client metrics.
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "sentinel-shipper-" + host);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    if (!"all".equals(String.valueOf(p.get(ProducerConfig.ACKS_CONFIG)))
        && !"-1".equals(String.valueOf(p.get(ProducerConfig.ACKS_CONFIG)))) {
      LOG.warn("kafka.acks={} : a broker failover can lose lines the shipper already checkpointed", p.get(ProducerConfig.ACKS_CONFIG));
    }
    return p;
  }

  /** Bytes counted against the in-flight cap for a record with this value. */
  public long charge(byte[] value) {
    return (long) value.length + key.length;
  }

  /**
   * Bytes that can be sent now without passing the in-flight cap. Only the reading thread adds to
   * what is in flight, so the room can only grow until it sends.
   */
  public long room() {
    return budget.cap() - budget.used();
  }

  /**
   * Nothing in flight: then one record is admitted whatever its size, so a record larger than
   * the cap cannot block its file forever.
   */
  public boolean idle() {
    return budget.used() == 0;
  }

  /**
   * The cap refused a record of {@code charge} bytes: wake the reading thread (through {@link
   * #onRoom}) once acknowledgements have made room for it and for more.
   */
  public void awaitRoom(long charge) {
    // A line bigger than half the cap waits until it fits, not just until half is free: else the
    // loop would be woken again and again while it still cannot send. Zero (nothing in flight)
    // always admits one line.
    resumeAtBytes = Math.max(0, Math.min(resumeBelowBytes, budget.cap() - charge));
    waitingForRoom = true;
    // Acknowledgements may have freed the room between the refusal and the flag; their callbacks
    // did not see the flag, so do not sleep through them.
    if (budget.used() <= resumeAtBytes) {
      waitingForRoom = false;
      onRoom.run();
    }
  }

  /**
   * Sends {@code values[0..count)}, consecutive lines of one file spanning {@code [start, end)},
   * one record each, as one group (see {@link LineGroup}). Returns false, sending nothing, when
   * their {@code charge} does not fit the in-flight cap: check {@link #room} first.
   */
  public boolean trySend(AckTracker acks, byte[][] values, int count, long start, long end, long charge) {
    boolean wasIdle = budget.used() == 0;
    if (!budget.tryAcquire(charge)) {
      awaitRoom(charge);
      return false;
    }
    if (wasIdle) {
      lastProgressMillis.set(clock.millis()); // the stall clock starts when something is waiting
    }
    // Registered before the first send: an acknowledgement for an unregistered span would be ignored.
    acks.register(start, end);
    LineGroup group = new LineGroup(acks, start, end, charge, count);
    for (int i = 0; i < count; i++) {
      if (sendsFailing.get()) {
        // This group's first send just failed (broker unreachable): each further send would block
        // for max.block.ms, so the rest wait with it for the probe that finds the broker back.
        retries.add(new Retry(values[i], group));
      } else {
        send(values[i], group);
      }
    }
    return true;
  }

  /** Sends again what failed, when its backoff is due: one probe while sends fail, then all. */
  public void resendDue() {
    if (retries.isEmpty() || clock.millis() < nextRetryMillis) {
      return;
    }
    if (sendsFailing.get()) {
      Retry probe = retries.poll();
      if (probe != null) {
        send(probe.value(), probe.group());
      }
      nextRetryMillis = clock.millis() + backoffMillis;
      backoffMillis = Math.min(MAX_BACKOFF_MS, backoffMillis * 2);
      return;
    }
    backoffMillis = FIRST_BACKOFF_MS;
    for (Retry r; (r = retries.poll()) != null; ) {
      send(r.value(), r.group());
    }
  }

  public boolean hasRetries() {
    return !retries.isEmpty();
  }

  /** False while sends fail, or records have waited longer than the stall timeout for any ack. */
  public boolean brokerUp() {
    boolean stalled = budget.used() > 0 && clock.millis() - lastProgressMillis.get() > stallMillis;
    boolean up = !sendsFailing.get() && !stalled;
    if (!up) {
      outageSinceMillis.compareAndSet(-1, clock.millis());
      outageLog.warn("Kafka is not acknowledging sends to {} ({} bytes in flight, cap {}); reading is paused until it "
          + "does, nothing is dropped", topic, budget.used(), budget.cap());
    }
    meters.brokerUp(up);
    return up;
  }

  private void send(byte[] value, LineGroup group) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
        if (error != null) {
          failed(value, group, error);
        } else {
          recordAcknowledged();
          if (group.recordAcknowledged()) {
            acknowledged(group);
          }
        }
      });
    } catch (InterruptException e) {
      failed(value, group, e);
      Thread.currentThread().interrupt();
    } catch (KafkaException | IllegalStateException e) {
      failed(value, group, e);
    }
  }

  /**
   * Runs once per record on the producer's I/O thread: any acknowledgement shows the broker is
   * back, so the records waiting for a retry go out at once (a group may be waiting for them). The
   * usual case (no outage) only reads the shared flags: an unconditional compare-and-set or
   * get-and-set is a locked write that the loop thread's cache then pays for.
   */
  private void recordAcknowledged() {
    if (sendsFailing.get() && sendsFailing.compareAndSet(true, false)) {
      lastProgressMillis.set(clock.millis()); // the probe's group may not be complete yet
      nextRetryMillis = 0;
    }
    if (outageSinceMillis.get() >= 0) {
      long since = outageSinceMillis.getAndSet(-1);
      if (since >= 0) {
        LOG.info("Kafka acknowledges sends again after {} s", (clock.millis() - since) / 1000);
      }
    }
  }

  /** Runs once per group, on the producer's I/O thread, when its last record is acknowledged. */
  private void acknowledged(LineGroup group) {
    group.acks().ack(group.start());
    budget.release(group.charge());
    meters.shipped(group.lines(), group.end() - group.start());
    lastProgressMillis.lazySet(clock.millis());
    if (waitingForRoom && budget.used() <= resumeAtBytes) {
      waitingForRoom = false;
      onRoom.run();
    }
  }

  /** The record keeps its place in its group (and its bytes in flight) and is sent again. */
  private void failed(byte[] value, LineGroup group, Exception error) {
    meters.sendError();
    sendsFailing.set(true);
    retries.add(new Retry(value, group));
    outageLog.warn("Send to {} failed, will retry ({} bytes in flight): {}", topic, budget.used(), error.toString());
  }

  /** A record whose send failed, waiting to be sent again. */
  private record Retry(byte[] value, LineGroup group) {}

  /** Waits up to {@code timeout} for in-flight lines; what is still unacknowledged is read again next run. */
  public void close(Duration timeout) {
    try {
      producer.close(timeout);
    } finally {
      clientMetrics.close();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
