package sentinel.hook.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.hook.decision.FeedHealth;
import sentinel.common.logging.RateLimitedLog;

/**
 * Keeps the decision cache equal to the compacted account-status topic: assigns every partition
 * (no consumer group: each hook needs all decisions), reads from the beginning on start, then
 * follows the topic.
 *
 * <p><b>Freshness.</b> A compacted decision topic may be silent for days, so "a record arrived
 * recently" says nothing. The feed is <em>fresh</em> when it has, within {@code maxAge},
 * successfully asked the broker for the end offsets of every partition and found its position at
 * (or past) them: it has read everything there is. A broker that cannot be reached makes the
 * question fail, so the age grows until the feed turns stale and the hook fails open (or closed).
 */
public final class DecisionFeed implements FeedHealth, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DecisionFeed.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration MIN_CHECK_GAP = Duration.ofMillis(250);
  private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(2);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final DecisionRecords records;
  private final Clock clock;
  private final Duration maxAge;
  private final Duration checkInterval;
  private final RateLimitedLog problems;
  private final Runnable afterCheck;
  private final Instant startedAt;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile Instant lastFresh;
  private volatile boolean running = true;
  private Set<TopicPartition> assigned = Set.of();
  private long recordsRead;

  /**
   * @param afterCheck runs on the feed thread after every successful freshness check (the hook
   *     uses it to drop token buckets of accounts no longer throttled)
   */
  public DecisionFeed(Map<String, Object> kafkaProps, String topic, DecisionRecords records, Clock clock,
      Duration maxAge, Duration checkInterval, Duration logInterval, Runnable afterCheck) {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    // No group: offsets are never committed, every start re-reads the compacted topic.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "sentinel-hook-feed");
    // The monitor writes decisions in exactly-once transactions: a decision from a transaction that
    // aborts (the monitor died mid-commit and its restart recomputes it) must never hold mail.
    props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // A broker that does not answer must turn into a failed check within seconds, not minutes.
    props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BROKER_TIMEOUT.toMillis());
    props.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BROKER_TIMEOUT.toMillis());
    // While the broker is down, retry every 5 s at most instead of every second: the client logs a
    // WARN per attempt, and 5 s is still far below hook.feed.max.age.
    props.putIfAbsent(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
    this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.records = records;
    this.clock = clock;
    this.maxAge = maxAge;
    this.checkInterval = checkInterval;
    this.problems = new RateLimitedLog(LOG, logInterval, clock);
    this.afterCheck = afterCheck;
    this.startedAt = clock.instant();
    this.thread = new Thread(this::run, "decision-feed");
    thread.setDaemon(true);
  }

  public DecisionFeed start() {
    thread.start();
    return this;
  }

  /** Waits until the first full read of the topic; false on timeout. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public Duration age(Instant now) {
    Instant last = lastFresh;
    return Duration.between(last == null ? startedAt : last, now);
  }

  @Override
  public boolean stale(Instant now) {
    return lastFresh == null || age(now).compareTo(maxAge) > 0;
  }

  private void run() {
    Instant lastCheck = Instant.MIN;
    while (running) {
      try {
        if (assigned.isEmpty() && !assign()) {
          continue;
        }
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          recordsRead++;
          records.apply(r).ifPresent(reason -> problems.warn(
              "Skipped record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason));
        }
        Instant now = clock.instant();
        Duration sinceCheck = Duration.between(lastCheck, now);
        // Until the first catch-up an empty poll probably means "done": check soon, so the hook
        // reports ready quickly. After that, once per interval is plenty against a max age of a minute.
        Duration gap = batch.isEmpty() && caughtUp.getCount() > 0 ? MIN_CHECK_GAP : checkInterval;
        boolean due = sinceCheck.compareTo(gap) >= 0;
        if (due) {
          lastCheck = now;
          checkFreshness(now);
        }
      } catch (WakeupException e) {
        break;
      } catch (RuntimeException e) {
        problems.warn("Decision feed cannot reach the broker or read {}: {}; age {}s", topic, e.toString(),
            age(clock.instant()).toSeconds());
        backOff();
      }
    }
    consumer.close(Duration.ofSeconds(1));
  }

  /** Assigns every partition of the topic from the beginning; false while the topic is unknown. */
  private boolean assign() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, BROKER_TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      problems.warn("Topic {} does not exist (yet); the hook has no decisions and answers DUNNO", topic);
      backOff();
      return false;
    }
    Set<TopicPartition> all = new HashSet<>();
    infos.forEach(p -> all.add(new TopicPartition(topic, p.partition())));
    Set<TopicPartition> added = new HashSet<>(all);
    added.removeAll(assigned);
    consumer.assign(all);
    consumer.seekToBeginning(added);
    assigned = Set.copyOf(all);
    LOG.info("Reading {} from the beginning: {} partitions", topic, all.size());
    return true;
  }

  private void checkFreshness(Instant now) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, BROKER_TIMEOUT);
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (consumer.position(e.getKey(), BROKER_TIMEOUT) < e.getValue()) {
        return;
      }
    }
    lastFresh = now;
    if (caughtUp.getCount() > 0) {
      caughtUp.countDown();
      LOG.info("Decision feed caught up with {}: {} records read in {} ms", topic, recordsRead,
          Duration.between(startedAt, now).toMillis());
    }
    Optional.ofNullable(afterCheck).ifPresent(Runnable::run);
    // Partitions may have been added to the topic since the start.
    List<PartitionInfo> infos = consumer.partitionsFor(topic, BROKER_TIMEOUT);
    if (infos != null && infos.size() != assigned.size()) {
      assign();
    }
  }

  private void backOff() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    if (!thread.isAlive()) {
      consumer.close(Duration.ofSeconds(1));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
