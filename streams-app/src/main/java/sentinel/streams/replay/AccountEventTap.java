package sentinel.streams.replay;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Deserializer;
import sentinel.streams.model.AccountEvent;

/**
 * Decodes the {@code account-events} records the topology wrote and hands them, in order, to the
 * report's tally on a thread of its own. The topology already decoded each of them once for its
 * detectors; decoding them a second time for the report is the replay's own cost, so it runs on the
 * machine's other core instead of holding up the driver. The queue is bounded: if the tally falls
 * behind, the replay waits rather than buffering without end.
 */
final class AccountEventTap implements AutoCloseable {
  private static final int AHEAD = 16;
  private static final List<byte[]> END = List.of();

  private final BlockingQueue<List<byte[]>> queue = new ArrayBlockingQueue<>(AHEAD);
  private final Deserializer<AccountEvent> deserializer;
  private final String topic;
  private final Consumer<AccountEvent> sink;
  private final Thread thread;
  private volatile RuntimeException failure;
  private boolean finished;

  /** @param sink called on the tap's thread only, in the order the topology wrote the events */
  AccountEventTap(String topic, Deserializer<AccountEvent> deserializer, Consumer<AccountEvent> sink) {
    this.topic = topic;
    this.deserializer = deserializer;
    this.sink = sink;
    this.thread = new Thread(this::drain, "replay-account-events");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues a batch of serialized events; waits while the tap is a full queue behind. */
  void offer(List<byte[]> values) {
    if (values.isEmpty()) {
      return;
    }
    rethrow();
    try {
      queue.put(values);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing account events to the report", e);
    }
  }

  /** Waits until every queued event reached the sink; after this the sink's state is safe to read. */
  void finish() {
    if (!finished) {
      finished = true;
      try {
        queue.put(END);
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the report tallied account events", e);
      }
    }
    rethrow();
  }

  private void drain() {
    try {
      List<byte[]> values;
      while ((values = queue.take()) != END) {
        for (byte[] v : values) {
          sink.accept(deserializer.deserialize(topic, v));
        }
      }
    } catch (InterruptedException e) {
      // Closed before the end: the replay failed elsewhere.
    } catch (RuntimeException e) {
      failure = e;
      // Keep taking until the end so the replay never blocks on a tap that stopped; its error
      // surfaces on the next offer or at finish.
      try {
        while (queue.take() != END) {
          // discarded: the replay is failing
        }
      } catch (InterruptedException stopped) {
        // Closed: nobody waits any more.
      }
    }
  }

  private void rethrow() {
    RuntimeException f = failure;
    if (f != null) {
      throw new IllegalStateException("the report could not read an account event", f);
    }
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
