package sentinel.shipper.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentinel.shipper.identity.FileFingerprint;

class CheckpointStoreTest {
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock = Clock.fixed(EPOCH, ZoneOffset.UTC);
  @TempDir Path dir;

  @Test
  void readsBackWhatItSavedWithTheCurrentVersion() throws IOException {
    CheckpointStore store = new CheckpointStore(dir.resolve("sub/cp.json"), clock);
    FileFingerprint fp = new FileFingerprint(2051, 107059, 0xC96C5795D7870F42L, 87);
    Checkpoint saved = new Checkpoint(Checkpoint.CURRENT_VERSION, EPOCH,
        List.of(FileCheckpoint.of(fp.fileId(), "/var/log/mail.log", fp, 48213)));

    store.save(saved);
    CheckpointStore.Loaded loaded = store.load();

    assertThat(loaded.recoveredFromCorruption()).isFalse();
    assertThat(loaded.checkpoint()).isEqualTo(saved);
    assertThat(loaded.checkpoint().files().get(0).fingerprint()).isEqualTo(fp);
    assertThat(Files.readString(dir.resolve("sub/cp.json"))).contains("\"version\" : 1");
    assertThat(dir.resolve("sub/cp.json.tmp")).doesNotExist();
  }

  @Test
  void startsEmptyWhenThereIsNoCheckpointYet() {
    CheckpointStore.Loaded loaded = new CheckpointStore(dir.resolve("none.json"), clock).load();
    assertThat(loaded.checkpoint().files()).isEmpty();
    assertThat(loaded.recoveredFromCorruption()).isFalse();
  }

  @Test
  void setsACorruptFileAsideAndStartsFresh() throws IOException {
    Path file = dir.resolve("cp.json");
    Files.writeString(file, "{\"version\": 1, \"files\": [ {\"fileId\": ");

    CheckpointStore.Loaded loaded = new CheckpointStore(file, clock).load();

    assertThat(loaded.recoveredFromCorruption()).isTrue();
    assertThat(loaded.checkpoint().files()).isEmpty();
    assertThat(file).doesNotExist();
    assertThat(dir.resolve("cp.json.corrupt-" + EPOCH.toEpochMilli())).hasContent("{\"version\": 1, \"files\": [ {\"fileId\": ");
  }

  @Test
  void treatsJsonWithoutAVersionAsCorrupt() throws IOException {
    Path file = dir.resolve("cp.json");
    Files.writeString(file, "[1,2,3]");
    assertThat(new CheckpointStore(file, clock).load().recoveredFromCorruption()).isTrue();
  }

  @Test
  void refusesACheckpointFromANewerFormatVersion() throws IOException {
    Path file = dir.resolve("cp.json");
    Files.writeString(file, "{\"version\": 2, \"files\": []}");
    assertThatThrownBy(() -> new CheckpointStore(file, clock).load())
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("format version 2");
    assertThat(file).exists();
  }
}
