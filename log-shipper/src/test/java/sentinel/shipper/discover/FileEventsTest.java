package sentinel.shipper.discover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sentinel.shipper.identity.FileKey;

class FileEventsTest {
  private static final Path LOG = Path.of("/logs/mail.log");
  private static final Path LOG1 = Path.of("/logs/mail.log.1");
  private static final FileKey A = new FileKey(1, 100);
  private static final FileKey B = new FileKey(1, 200);

  @Test
  void reportsNothingWhenTheSameFilesAreAtTheSamePaths() {
    assertThat(FileEvents.diff(Map.of(LOG, A), Map.of(LOG, A))).isEmpty();
  }

  @Test
  void reportsANewPathWithAnUnknownFileAsCreated() {
    assertThat(FileEvents.diff(Map.of(), Map.of(LOG, A))).containsExactly(new FileEvent.Created(LOG, A));
  }

  @Test
  void reportsRenameAndCreateRotationAsMovedPlusReplaced() {
    // Given mail.log (A); when logrotate renames it to mail.log.1 and creates a new mail.log (B)
    var events = FileEvents.diff(Map.of(LOG, A), Map.of(LOG, B, LOG1, A));
    // Then
    assertThat(events).containsExactly(new FileEvent.Replaced(LOG, A, B), new FileEvent.Moved(LOG, LOG1, A));
  }

  @Test
  void reportsReplacedWhenTheRenamedFileLeftTheWatchedPaths() {
    assertThat(FileEvents.diff(Map.of(LOG, A), Map.of(LOG, B))).containsExactly(new FileEvent.Replaced(LOG, A, B));
  }

  @Test
  void reportsARenameWithoutANewFileAsMovedOnly() {
    assertThat(FileEvents.diff(Map.of(LOG, A), Map.of(LOG1, A))).containsExactly(new FileEvent.Moved(LOG, LOG1, A));
  }

  @Test
  void reportsAPathWhoseFileIsNowhereAsDeleted() {
    assertThat(FileEvents.diff(Map.of(LOG, A, LOG1, B), Map.of(LOG, A))).containsExactly(new FileEvent.Deleted(LOG1, B));
  }
}
