package sentinel.streams.bench;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Notes when a Streams app's main consumer first hands it records: the start of a topology run.
 * The clock it writes to is passed in the consumer config under {@link #FIRST_READ_CONFIG} (an
 * object, not a string), so no static state is needed.
 */
public final class FirstReadInterceptor implements ConsumerInterceptor<Object, Object> {
  public static final String FIRST_READ_CONFIG = "sentinel.bench.first.read.nanos";
  private AtomicLong firstRead = new AtomicLong();

  @Override
  public void configure(Map<String, ?> configs) {
    Object holder = configs.get(FIRST_READ_CONFIG);
    if (holder instanceof AtomicLong a) {
      firstRead = a;
    }
  }

  @Override
  public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
    if (!records.isEmpty()) {
      firstRead.compareAndSet(0, System.nanoTime());
    }
    return records;
  }

  @Override
  public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {}

  @Override
  public void close() {}
}
