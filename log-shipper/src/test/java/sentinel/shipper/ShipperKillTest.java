package sentinel.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.common.json.Json;
import sentinel.common.testing.KafkaCluster;
import sentinel.shipper.checkpoint.Checkpoint;
import sentinel.shipper.testing.MailLogWriter;
import sentinel.shipper.testing.RawTopicReader;
import sentinel.shipper.testing.ShipperTestConfig;

/**
 * The at-least-once proof: the shipper runs in its own JVM and is killed with SIGKILL three times
 * while the log is being appended to; each restart resumes from the checkpoint. At the end every
 * line written is in the topic with its (fileId, offset), and the duplicates are counted.
 */
@ExtendWith(KafkaCluster.class)
class ShipperKillTest {
  private static final Logger LOG = LoggerFactory.getLogger(ShipperKillTest.class);
  private static final int KILLS = 3;
  private static final int LINES_BETWEEN_KILLS = 300;
  @TempDir Path dir;

  @Test
  void losesNoLineWhenKilledHardMidStreamAndRestartedFromItsCheckpoint(KafkaCluster.Broker broker) throws Exception {
    // Given a log being appended to continuously and a shipper in a separate JVM
    String topic = "mta.raw.kill-" + UUID.randomUUID();
    RawTopicReader.createTopic(broker, topic, 3);
    Path log = dir.resolve("mail.log");
    Path checkpoint = dir.resolve("state/checkpoint.json");
    Path configFile = writeConfig(broker, topic, log, checkpoint);
    MailLogWriter writer = new MailLogWriter(log, "K");
    writer.append(100);
    ScheduledExecutorService appender = Executors.newSingleThreadScheduledExecutor();
    appender.scheduleWithFixedDelay(() -> writer.append(10), 0, 20, TimeUnit.MILLISECONDS);

    List<String> report = new ArrayList<>();
    try (RawTopicReader reader = new RawTopicReader(broker, topic, 3)) {
      // When it is killed with SIGKILL three times, each time after it shipped more lines
      for (int run = 1; run <= KILLS; run++) {
        Instant started = Instant.now();
        Process child = startShipper(configFile, run);
        // Killed once this run itself shipped lines (readAt is stamped by the child's clock).
        await().atMost(Duration.ofSeconds(120)).until(() -> reader.poll().stream()
            .filter(r -> r.value().readAt().isAfter(started)).count() >= LINES_BETWEEN_KILLS);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        report.add("run " + run + ": killed (SIGKILL, exit " + child.exitValue() + ") after " + reader.envelopes().size()
            + " records, " + writer.written().size() + " lines written");
      }
      // and restarted once more while the writer stops
      Process last = startShipper(configFile, KILLS + 1);
      appender.shutdown();
      assertThat(appender.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      List<MailLogWriter.Written> written = writer.written();
      await().atMost(Duration.ofSeconds(90)).until(() -> distinctOffsets(reader.poll()).size() >= written.size());
      last.destroy(); // SIGTERM: graceful stop saves the final checkpoint
      assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();

      // Then every line written is in the topic at least once, at its offset, with its exact text
      List<RawLineEnvelope> got = reader.envelopes();
      Map<Long, String> textByOffset = new HashMap<>();
      Set<String> fileIds = new HashSet<>();
      for (RawLineEnvelope e : got) {
        String previous = textByOffset.putIfAbsent(e.offset(), e.line());
        assertThat(previous == null || previous.equals(e.line())).as("same text for offset %d", e.offset()).isTrue();
        fileIds.add(e.fileId());
      }
      for (MailLogWriter.Written w : written) {
        assertThat(textByOffset.get(w.offset())).as("line at offset %d", w.offset()).isEqualTo(w.text());
      }
      assertThat(textByOffset).hasSize(written.size());
      assertThat(fileIds).hasSize(1);
      long duplicates = got.size() - textByOffset.size();
      report.forEach(LOG::info);
      LOG.info("kill test: {} lines written, {} records in {}, {} distinct (fileId, offset), {} duplicates "
          + "({} per kill on average)", written.size(), got.size(), topic, textByOffset.size(), duplicates,
          duplicates / KILLS);
      // After the graceful stop the checkpoint covers the whole file.
      Checkpoint saved = Json.newMapper().readValue(checkpoint.toFile(), Checkpoint.class);
      assertThat(saved.files()).singleElement().satisfies(f -> assertThat(f.offset()).isEqualTo(Files.size(log)));
    } catch (AssertionError | RuntimeException e) {
      LOG.error("lines written {}; diagnostics: {}", writer.written().size(), e.toString());
      logChildOutput();
      throw e;
    } finally {
      appender.shutdownNow();
      writer.close();
    }
  }

  private void logChildOutput() throws IOException {
    for (int run = 1; run <= KILLS + 1; run++) {
      Path out = dir.resolve("shipper-run-" + run + ".log");
      if (Files.exists(out)) {
        LOG.error("shipper run {} output:\n{}", run, Files.readString(out));
      }
    }
  }

  private static Set<Long> distinctOffsets(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, RawLineEnvelope>> records) {
    Set<Long> offsets = new HashSet<>();
    records.forEach(r -> offsets.add(r.value().offset()));
    return offsets;
  }

  private Path writeConfig(KafkaCluster.Broker broker, String topic, Path log, Path checkpoint) throws IOException {
    Properties p = new Properties();
    p.putAll(ShipperTestConfig.values(log.toString(), checkpoint, topic));
    p.put("kafka.bootstrap.servers", broker.bootstrapServers());
    p.put("shipper.metrics.port", "0");
    Path file = dir.resolve("shipper.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, "kill test");
    }
    return file;
  }

  private Process startShipper(Path configFile, int run) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), ShipperMain.class.getName(), "--config", configFile.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("shipper-run-" + run + ".log").toFile());
    return pb.start();
  }
}
