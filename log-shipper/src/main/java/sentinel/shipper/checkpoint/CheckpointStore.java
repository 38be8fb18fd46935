package sentinel.shipper.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.json.Json;

/**
 * Reads and writes the checkpoint file atomically: a crash leaves either the old file or the new
 * one, never half of one (format and guarantees in package-info).
 */
public final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private final Path file;
  private final Clock clock;
  private final ObjectMapper mapper = Json.newMapper();

  /** What {@link #load} found; {@code recoveredFromCorruption} means offsets were lost and set aside. */
  public record Loaded(Checkpoint checkpoint, boolean recoveredFromCorruption) {}

  public CheckpointStore(Path file, Clock clock) {
    this.file = file.toAbsolutePath();
    this.clock = clock;
  }

  public Path file() {
    return file;
  }

  /**
   * The saved checkpoint, or an empty one when there is none yet.
   *
   * <p>A file that is not valid JSON (disk full, manual edit) is renamed to {@code
   * <name>.corrupt-<epoch-millis>} and the shipper starts fresh with a WARN: re-reading files from
   * the beginning ships duplicates, which at-least-once allows, while refusing to start would stop
   * all shipping until someone intervenes. A checkpoint written by a newer format version is not
   * guessed at: that raises {@link CheckpointException}, because overwriting it would lose the
   * newer shipper's positions.
   */
  public Loaded load() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new Loaded(Checkpoint.empty(), false);
    } catch (IOException e) {
      throw new CheckpointException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(bytes);
      if (tree == null || !tree.isObject() || !tree.path("version").isInt()) {
        throw new JsonProcessingException("no integer 'version' field") {};
      }
    } catch (IOException e) {
      return setAside("not valid checkpoint JSON (" + e.getMessage() + ")");
    }
    int version = tree.get("version").intValue();
    if (version > Checkpoint.CURRENT_VERSION) {
      throw new CheckpointException("checkpoint " + file + " has format version " + version
          + ", newer than this shipper understands (" + Checkpoint.CURRENT_VERSION
          + "); run the newer shipper, or move the file away to start over", null);
    }
    try {
      return new Loaded(mapper.treeToValue(tree, Checkpoint.class), false);
    } catch (IOException | IllegalArgumentException e) {
      return setAside("unreadable entries (" + e.getMessage() + ")");
    }
  }

  /** Writes {@code checkpoint} via a temporary file, fsync and atomic rename. */
  public void save(Checkpoint checkpoint) throws IOException {
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    byte[] json = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(checkpoint);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(json);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true); // the rename must never expose a file whose bytes are not on disk yet
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    forceDirectory(dir);
  }

  private Loaded setAside(String reason) {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + clock.millis());
    try {
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new CheckpointException("checkpoint " + file + " is corrupt (" + reason + ") and cannot be moved aside: "
          + e.getMessage(), e);
    }
    LOG.warn("Checkpoint {} is corrupt: {}. Moved it to {} and starting fresh: files are read again from the "
        + "beginning, so lines already shipped are shipped again (duplicates, no loss).", file, reason, aside);
    return new Loaded(Checkpoint.empty(), true);
  }

  /** Makes the rename itself durable; not every platform can open a directory, which is fine. */
  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot fsync directory {}: {}", dir, e.getMessage());
    }
  }
}
