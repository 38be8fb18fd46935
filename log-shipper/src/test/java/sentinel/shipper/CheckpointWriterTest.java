package sentinel.shipper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentinel.shipper.checkpoint.CheckpointStore;
import sentinel.shipper.checkpoint.FileCheckpoint;
import sentinel.shipper.identity.FileFingerprint;

class CheckpointWriterTest {
  private static final FileFingerprint FP = new FileFingerprint(2051, 107059, 0xC96C5795D7870F42L, 87);
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T08:00:00Z"), ZoneOffset.UTC);
  @TempDir Path dir;

  private static List<FileCheckpoint> at(long offset) {
    return List.of(FileCheckpoint.of(FP.fileId(), "/var/log/mail.log", FP, offset));
  }

  @Test
  void writesSubmittedOffsetsOnItsOwnThread() {
    // Given a writer
    CheckpointStore store = new CheckpointStore(dir.resolve("cp.json"), clock);
    CheckpointWriter writer = new CheckpointWriter(store, clock, "test-checkpoint");
    try {
      // When offsets are handed over
      writer.submit(at(100));

      // Then they reach the file without the caller saving anything
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(store.file())
          && store.load().checkpoint().files().equals(at(100)));
    } finally {
      writer.close();
    }
  }

  @Test
  void reportsAFailedWriteUntilAWriteSucceedsAgain() throws Exception {
    // Given a checkpoint directory that is a file (every write fails)
    Path state = dir.resolve("state");
    Files.writeString(state, "disk full");
    CheckpointStore store = new CheckpointStore(state.resolve("cp.json"), clock);
    CheckpointWriter writer = new CheckpointWriter(store, clock, "test-checkpoint");
    try {
      // When offsets are handed over, then the disk is fixed and the same offsets are handed over again
      writer.submit(at(100));
      await().atMost(Duration.ofSeconds(10)).until(writer::lastSaveFailed);
      Files.delete(state);
      writer.submit(at(100));

      // Then the failure clears once the file is written
      await().atMost(Duration.ofSeconds(10)).until(() -> !writer.lastSaveFailed());
      assertThat(store.load().checkpoint().files()).isEqualTo(at(100));
    } finally {
      writer.close();
    }
  }

  @Test
  void closeWritesTheNewestPendingOffsetsBeforeItReturns() {
    // Given offsets handed over one after another, faster than the thread can write them
    CheckpointStore store = new CheckpointStore(dir.resolve("cp.json"), clock);
    CheckpointWriter writer = new CheckpointWriter(store, clock, "test-checkpoint");
    for (long offset = 1; offset <= 200; offset++) {
      writer.submit(at(offset * 10));
    }

    // When the writer is closed
    writer.close();

    // Then the file holds the newest offsets, and nothing writes after close returned
    assertThat(store.load().checkpoint().files()).isEqualTo(at(2000));
    assertThat(dir.resolve("cp.json.tmp")).doesNotExist();
  }
}
