package sentinel.shipper.checkpoint;

import java.time.Instant;
import java.util.List;

/**
 * The whole checkpoint file.
 *
 * @param version format version; see package-info
 * @param savedAt when it was written
 * @param files one entry per file being read
 */
public record Checkpoint(int version, Instant savedAt, List<FileCheckpoint> files) {
  public static final int CURRENT_VERSION = 1;

  public Checkpoint {
    files = files == null ? List.of() : List.copyOf(files);
  }

  public static Checkpoint empty() {
    return new Checkpoint(CURRENT_VERSION, Instant.EPOCH, List.of());
  }
}
