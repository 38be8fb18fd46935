package sentinel.streams.replay;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.internals.StreamTask;
import org.apache.kafka.streams.test.TestRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipes records into a {@link TopologyTestDriver} exactly as its input topics do, one at a time, with
 * every record's outputs captured and its repartitioned records re-enqueued before the next, but commits
 * once per batch instead of after every record. The driver's per-record commit (flush, offsets,
 * checkpoint) and its per-record lookup of the input partition (a regex compiled per source topic) were
 * a third of the replay's thread; the live monitor commits per interval too. Nothing the topology
 * computes depends on when it commits: the replay's stores keep nothing durable and its producer is the
 * driver's mock, so the outputs and their order are the same (ReplayDriverTest compares both ways).
 *
 * <p>This reaches into the driver's internals (its task, input partitions and record hand-over), which
 * are not a public API: {@link #attach} returns empty if they are not what this version of Kafka Streams
 * has, and the replay then pipes through the public input topic as before, only slower.
 */
final class CommitPerBatchPipe {
  private static final Logger LOG = LoggerFactory.getLogger(CommitPerBatchPipe.class);

  private final TopologyTestDriver driver;
  private final StreamTask task;
  private final Time wallClock;
  private final String topic;
  private final TopicPartition partition;
  private final Serializer<String> keySerializer;
  private final MethodHandle enqueue;
  private final MethodHandle capture;
  private final MethodHandle commit;

  private CommitPerBatchPipe(TopologyTestDriver driver, StreamTask task, Time wallClock, String topic, TopicPartition partition,
      Serializer<String> keySerializer, MethodHandle enqueue, MethodHandle capture, MethodHandle commit) {
    this.driver = driver;
    this.task = task;
    this.wallClock = wallClock;
    this.topic = topic;
    this.partition = partition;
    this.keySerializer = keySerializer;
    this.enqueue = enqueue;
    this.capture = capture;
    this.commit = commit;
  }

  /** The pipe for {@code topic}, or empty if this driver's internals are not the ones it was written for. */
  static Optional<CommitPerBatchPipe> attach(TopologyTestDriver driver, String topic, Serializer<String> keySerializer) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(TopologyTestDriver.class, MethodHandles.lookup());
      StreamTask task = (StreamTask) lookup.findVarHandle(TopologyTestDriver.class, "task", StreamTask.class).get(driver);
      Time wallClock = (Time) lookup.findVarHandle(TopologyTestDriver.class, "mockWallClockTime", Time.class).get(driver);
      @SuppressWarnings("unchecked")
      Map<String, TopicPartition> inputs = (Map<String, TopicPartition>)
          lookup.findVarHandle(TopologyTestDriver.class, "partitionsByInputTopic", Map.class).get(driver);
      TopicPartition partition = inputs.get(topic);
      if (task == null || wallClock == null || partition == null) {
        throw new IllegalStateException("no task or no partition for " + topic);
      }
      MethodHandle enqueue = lookup.findVirtual(TopologyTestDriver.class, "enqueueTaskRecord", MethodType.methodType(void.class,
          String.class, TopicPartition.class, long.class, byte[].class, byte[].class, Headers.class));
      MethodHandle capture = lookup.findVirtual(TopologyTestDriver.class, "captureOutputsAndReEnqueueInternalResults",
          MethodType.methodType(void.class));
      MethodHandle commit = lookup.findVirtual(TopologyTestDriver.class, "commit", MethodType.methodType(void.class, Map.class));
      return Optional.of(new CommitPerBatchPipe(driver, task, wallClock, topic, partition, keySerializer, enqueue, capture, commit));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.info("Replaying through the test driver's input topic, one commit per line (its internals differ: {})", e.toString());
      return Optional.empty();
    }
  }

  /** Every record processed as the driver would, then one commit. */
  void pipe(List<TestRecord<String, byte[]>> batch) {
    try {
      for (TestRecord<String, byte[]> r : batch) {
        byte[] key = keySerializer.serialize(topic, r.headers(), r.key());
        enqueue.invokeExact(driver, topic, partition, (long) r.timestamp(), key, r.value(), r.headers());
        processQueued();
      }
      commit();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("the test driver failed to take a record", e);
    }
  }

  /** The driver's own loop for one piped record, without its commit after each processed record. */
  private void processQueued() throws Throwable {
    capture.invokeExact(driver);
    task.resumePollingForPartitionsWithAvailableSpace();
    task.updateLags();
    while (task.hasRecordsQueued() && task.isProcessable(wallClock.milliseconds())) {
      task.process(wallClock.milliseconds());
      task.maybePunctuateStreamTime();
      capture.invokeExact(driver);
    }
  }

  private void commit() throws Throwable {
    commit.invokeExact(driver, (Map<?, ?>) task.prepareCommit(true));
    task.postCommit(true);
    capture.invokeExact(driver);
  }
}
