package sentinel.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.common.testing.KafkaCluster;
import sentinel.shipper.testing.MailLogWriter;
import sentinel.shipper.testing.RawTopicReader;
import sentinel.shipper.testing.ShipperTestConfig;

/** The shipper against a real broker while the log is appended to and rotated both ways. */
@ExtendWith(KafkaCluster.class)
class ShipperRotationTest {
  private static final Logger LOG = LoggerFactory.getLogger(ShipperRotationTest.class);
  @TempDir Path dir;

  @Test
  void shipsEveryLineOnceThroughAppendsRenameRotationAndCopytruncate(KafkaCluster.Broker broker) throws Exception {
    // Given a log with 200 lines and a shipper watching app.log*
    String topic = "mta.raw.rotation-" + UUID.randomUUID();
    RawTopicReader.createTopic(broker, topic, 3);
    Path log = dir.resolve("app.log");
    MailLogWriter a = new MailLogWriter(log, "A");
    a.append(200);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Shipper shipper = new Shipper(
        ShipperTestConfig.config(ShipperTestConfig.values(dir + "/app.log*", dir.resolve("cp.json"), topic)),
        new HashMap<>(broker.clientProps()), registry, Clock.systemUTC());
    shipper.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> shipper.linesShipped() >= 200);

    // When the file grows, is renamed to app.log.1 (the writer keeps writing to it for a while)
    // and a new app.log is created
    a.append(100);
    Files.move(log, dir.resolve("app.log.1"));
    a.append(50);
    MailLogWriter b = new MailLogWriter(log, "B");
    b.append(150);
    await().atMost(Duration.ofSeconds(60)).until(() -> shipper.meters().rotations(true) >= 1);

    // and then app.log is rotated by copytruncate (copied to app.log.2, truncated, written again)
    b.append(100);
    Files.copy(log, dir.resolve("app.log.2"));
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    b.truncatedTo("C");
    b.append(120);

    // Then every line written arrives, once, with the offset it has in its file
    List<MailLogWriter.Written> written = new java.util.ArrayList<>(a.written());
    written.addAll(b.written());
    try (RawTopicReader reader = new RawTopicReader(broker, topic, 3)) {
      List<String> texts = written.stream().map(MailLogWriter.Written::text).toList();
      try {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
            reader.poll().stream().map(r -> r.value().line()).collect(Collectors.toSet())).containsAll(texts));
      } catch (AssertionError | RuntimeException e) {
        reader.envelopes().forEach(r -> LOG.error("got {} {} {}", r.fileId(), r.offset(), r.line()));
        throw e;
      }
      List<RawLineEnvelope> got = reader.envelopes();
      shipper.close();

      Map<String, Long> copies = got.stream().collect(Collectors.groupingBy(RawLineEnvelope::line, Collectors.counting()));
      long duplicates = got.size() - copies.size();
      LOG.info("rotation test: {} lines written, {} records, {} duplicates", written.size(), got.size(), duplicates);
      assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(texts);
      assertThat(duplicates).as("duplicates (copytruncate continued from the copy)").isZero();

      Map<String, RawLineEnvelope> byText = got.stream().collect(Collectors.toMap(RawLineEnvelope::line, Function.identity()));
      for (MailLogWriter.Written w : written) {
        assertThat(byText.get(w.text()).offset()).as("offset of %s", w.text()).isEqualTo(w.offset());
      }
      // One file id per stream (A survives its rename, B survives its copy), three distinct streams
      Map<String, Set<String>> idsByStream = written.stream().collect(Collectors.groupingBy(MailLogWriter.Written::stream,
          Collectors.mapping(w -> byText.get(w.text()).fileId(), Collectors.toSet())));
      assertThat(idsByStream).allSatisfy((stream, ids) -> assertThat(ids).as(stream).hasSize(1));
      assertThat(idsByStream.values().stream().flatMap(Set::stream).distinct()).hasSize(3);
      assertThat(got).extracting(RawLineEnvelope::host).containsOnly("mx-test-1");
      assertThat(shipper.meters().rotations(true)).isGreaterThanOrEqualTo(1);
      assertThat(shipper.meters().rotations(false)).isGreaterThanOrEqualTo(1);
      assertThat(shipper.linesShipped()).isEqualTo(written.size());
    } finally {
      shipper.close();
      a.close();
      b.close();
    }
  }
}
