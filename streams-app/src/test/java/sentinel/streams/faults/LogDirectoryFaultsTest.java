package sentinel.streams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sentinel.common.json.Json;
import sentinel.common.testing.KafkaCluster;
import sentinel.shipper.Shipper;
import sentinel.shipper.checkpoint.Checkpoint;
import sentinel.shipper.checkpoint.CheckpointException;
import sentinel.shipper.config.ShipperConfig;
import sentinel.shipper.testing.RawTopicReader;

/**
 * What the disk can do to the shipper: the log directory vanishes and comes back, a log file cannot
 * be read, the checkpoint cannot be written. Each time the shipper says so clearly, keeps running,
 * and recovers once the fault is fixed.
 */
@ExtendWith(KafkaCluster.class)
class LogDirectoryFaultsTest {
  @TempDir Path dir;

  @Test
  void shipsTheNewLogAfterItsDirectoryDisappearsAndReappears(KafkaCluster.Broker broker) throws Exception {
    // Given a shipper tailing logs/mail.log
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
    Path log = logs.resolve("mail.log");
    FaultRun run = run(broker, log.toString(), dir.resolve("checkpoint.json"));
    TrafficLog traffic = new TrafficLog("mx1", 3, 41);
    traffic.appendTo(log, 20);
    try (LogCapture warnings = new LogCapture("sentinel.shipper");
        RawTopicReader reader = new RawTopicReader(broker, run.rawTopic, 1);
        Shipper shipper = shipper(run)) {
      shipper.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> distinctLines(reader) == traffic.lines());

      // When the whole directory is removed, and later created again with a new log
      deleteTree(logs);
      await().atMost(Duration.ofSeconds(30)).until(() -> shipper.meters().checkpointLag() == 0
          && warnings.messages().stream().noneMatch(m -> m.startsWith("ERROR")));
      Files.createDirectories(logs);
      traffic.appendTo(log, 20);

      // Then the new file is shipped from its start, and the shipper never stopped
      await().atMost(Duration.ofSeconds(30)).until(() -> distinctLines(reader) == traffic.lines());
      assertThat(shipper.failure()).isEmpty();
      assertThat(shipper.healthy()).isTrue();
      assertThat(warnings.messages()).noneMatch(m -> m.startsWith("ERROR"));
    }
  }

  @Test
  void shipsAnUnreadableLogOnceItsPermissionIsFixed(KafkaCluster.Broker broker) throws Exception {
    Path log = dir.resolve("mail.log");
    TrafficLog traffic = new TrafficLog("mx1", 3, 43);
    traffic.appendTo(log, 10);
    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("---------"));
    Assumptions.assumeFalse(Files.isReadable(log),
        "running as root (or with CAP_DAC_OVERRIDE): mode 000 does not deny reads, so the permission-denied case cannot be staged here");
    FaultRun run = run(broker, log.toString(), dir.resolve("checkpoint.json"));
    try (LogCapture warnings = new LogCapture("sentinel.shipper");
        RawTopicReader reader = new RawTopicReader(broker, run.rawTopic, 1);
        Shipper shipper = shipper(run)) {
      // Given a log the shipper may not read
      shipper.start();
      // Then it says so, and ships nothing
      await().atMost(Duration.ofSeconds(30)).until(() -> warnings.messages().stream().anyMatch(m -> m.contains(log.toString())));
      assertThat(shipper.linesRead()).isZero();
      // When the permission is fixed, every line is shipped
      Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r-----"));
      await().atMost(Duration.ofSeconds(30)).until(() -> distinctLines(reader) == traffic.lines());
      assertThat(shipper.failure()).isEmpty();
    }
  }

  @Test
  void refusesToStartWithAnUnusableCheckpointPathAndStartsOnceItIsFixed(KafkaCluster.Broker broker) throws Exception {
    // Given a checkpoint path whose parent is a regular file (as good as a full or read-only disk for writes)
    Path blocker = dir.resolve("state");
    Files.writeString(blocker, "not a directory");
    Path checkpoint = blocker.resolve("checkpoint.json");
    Path log = dir.resolve("mail.log");
    TrafficLog traffic = new TrafficLog("mx1", 3, 47);
    traffic.appendTo(log, 10);
    FaultRun run = run(broker, log.toString(), checkpoint);
    // Then the shipper refuses to start, naming the file
    try (Shipper shipper = shipper(run)) {
      assertThatThrownBy(shipper::start).isInstanceOf(CheckpointException.class).hasMessageContaining(checkpoint.toString());
    }
    // When the path is fixed, it starts and ships
    Files.delete(blocker);
    try (RawTopicReader reader = new RawTopicReader(broker, run.rawTopic, 1); Shipper shipper = shipper(run)) {
      shipper.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> distinctLines(reader) == traffic.lines());
    }
  }

  @Test
  void keepsShippingWhenTheCheckpointCannotBeWrittenAndSavesItOnceTheDiskIsFixed(KafkaCluster.Broker broker) throws Exception {
    // Given a running shipper whose checkpoint directory is then replaced by a file (every save fails)
    Path state = dir.resolve("state");
    Path checkpoint = state.resolve("checkpoint.json");
    Path log = dir.resolve("mail.log");
    TrafficLog traffic = new TrafficLog("mx1", 3, 53);
    traffic.appendTo(log, 10);
    FaultRun run = run(broker, log.toString(), checkpoint);
    try (LogCapture warnings = new LogCapture("sentinel.shipper");
        RawTopicReader reader = new RawTopicReader(broker, run.rawTopic, 1);
        Shipper shipper = shipper(run)) {
      shipper.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(checkpoint) && savedOffset(checkpoint) == Files.size(log));
      deleteTree(state);
      Files.writeString(state, "disk full");

      // When more lines arrive
      traffic.appendTo(log, 10);
      // Then they are shipped, and the failed save is reported with the path
      await().atMost(Duration.ofSeconds(30)).until(() -> distinctLines(reader) == traffic.lines());
      await().atMost(Duration.ofSeconds(30)).until(() -> warnings.messages().stream()
          .anyMatch(m -> m.contains("Cannot save checkpoint") && m.contains(checkpoint.toString())));
      assertThat(shipper.failure()).isEmpty();

      // When the disk is fixed, the checkpoint is saved up to the end of the log
      Files.delete(state);
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(checkpoint) && savedOffset(checkpoint) == Files.size(log));
    }
  }

  private FaultRun run(KafkaCluster.Broker broker, String paths, Path checkpoint) throws Exception {
    FaultRun run = new FaultRun(broker.bootstrapServers(), dir)
        .set("shipper.paths", paths)
        .set("shipper.checkpoint.file", checkpoint.toString());
    RawTopicReader.createTopic(broker, run.rawTopic, 1);
    return run;
  }

  private static Shipper shipper(FaultRun run) {
    return new Shipper(ShipperConfig.from(run.source()), ShipperConfig.producerProps(run.source()), new SimpleMeterRegistry(),
        Clock.systemUTC());
  }

  private static long savedOffset(Path checkpoint) throws IOException {
    Checkpoint c = Json.newMapper().readValue(checkpoint.toFile(), Checkpoint.class);
    return c.files().isEmpty() ? -1 : c.files().get(0).offset();
  }

  private static long distinctLines(RawTopicReader reader) {
    Set<String> seen = new HashSet<>();
    reader.poll().forEach(r -> seen.add(r.value().fileId() + "@" + r.value().offset()));
    return seen.size();
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
