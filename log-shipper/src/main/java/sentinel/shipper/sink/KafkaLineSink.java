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
import sentinel.shipper.ShipperMeters;

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

  private final Producer<String, byte[]> producer;
  private final KafkaClientMetrics clientMetrics;
  private final String topic;
  private final String host;
  private final int keyBytes;
  private final InflightBudget budget;
  private final ShipperMeters meters;
  private final Clock clock;
  private final long stallMillis;
  private final RateLimitedLog outageLog;
  private final Queue<Outgoing> retries = new ConcurrentLinkedQueue<>();
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
    this.producer = new KafkaProducer<>(producerConfig(userProps, host, budget.cap()));
    this.clientMetrics = new KafkaClientMetrics(producer);
    clientMetrics.bindTo(registry);
    this.topic = topic;
    this.host = host;
    this.keyBytes = host.getBytes(StandardCharsets.UTF_8).length;
    this.budget = budget;
    this.meters = meters;
    this.clock = clock;
    this.stallMillis = stallTimeout.toMillis();
    this.outageLog = new RateLimitedLog(LOG, clock, Duration.ofSeconds(30));
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
   * are this class's business (it serializes envelopes itself to know their size).
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

  /** Sends {@code out} unless the in-flight cap is reached (then false: stop reading for now). */
  public boolean trySend(Outgoing out) {
    long charge = out.charge(keyBytes);
    boolean wasIdle = budget.used() == 0;
    if (!budget.tryAcquire(charge)) {
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
      return false;
    }
    if (wasIdle) {
      lastProgressMillis.set(clock.millis()); // the stall clock starts when something is waiting
    }
    out.acks().register(out.offset(), out.endOffset());
    send(out);
    return true;
  }

  /** Sends again what failed, when its backoff is due: one probe while sends fail, then all. */
  public void resendDue() {
    if (retries.isEmpty() || clock.millis() < nextRetryMillis) {
      return;
    }
    if (sendsFailing.get()) {
      Outgoing probe = retries.poll();
      if (probe != null) {
        send(probe);
      }
      nextRetryMillis = clock.millis() + backoffMillis;
      backoffMillis = Math.min(MAX_BACKOFF_MS, backoffMillis * 2);
      return;
    }
    backoffMillis = FIRST_BACKOFF_MS;
    for (Outgoing o; (o = retries.poll()) != null; ) {
      send(o);
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

  private void send(Outgoing out) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, host, out.value());
    try {
      producer.send(record, (metadata, error) -> {
        if (error == null) {
          acknowledged(out);
        } else {
          failed(out, error);
        }
      });
    } catch (InterruptException e) {
      failed(out, e);
      Thread.currentThread().interrupt();
    } catch (KafkaException | IllegalStateException e) {
      failed(out, e);
    }
  }

  /**
   * Runs once per line on the producer's I/O thread, so the usual case (no outage) only reads the
   * shared flags: an unconditional compare-and-set or get-and-set per line is a locked write that
   * the loop thread's cache then pays for.
   */
  private void acknowledged(Outgoing out) {
    out.acks().ack(out.offset());
    budget.release(out.charge(keyBytes));
    meters.shipped(out.endOffset() - out.offset());
    lastProgressMillis.lazySet(clock.millis());
    if (sendsFailing.get() && sendsFailing.compareAndSet(true, false)) {
      nextRetryMillis = 0;
    }
    if (outageSinceMillis.get() >= 0) {
      long since = outageSinceMillis.getAndSet(-1);
      if (since >= 0) {
        LOG.info("Kafka acknowledges sends again after {} s", (clock.millis() - since) / 1000);
      }
    }
    if (waitingForRoom && budget.used() <= resumeAtBytes) {
      waitingForRoom = false;
      onRoom.run();
    }
  }

  private void failed(Outgoing out, Exception error) {
    meters.sendError();
    sendsFailing.set(true);
    retries.add(out);
    outageLog.warn("Send to {} failed, will retry ({} bytes in flight): {}", topic, budget.used(), error.toString());
  }

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
