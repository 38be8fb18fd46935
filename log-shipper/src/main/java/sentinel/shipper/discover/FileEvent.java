package sentinel.shipper.discover;

import java.nio.file.Path;
import sentinel.shipper.identity.FileKey;

/** What changed between two scans of the watched paths. */
public sealed interface FileEvent {

  /** A path that was not there before, holding a file not seen before. */
  record Created(Path path, FileKey key) implements FileEvent {}

  /** A path that is gone, and its file is not at any other watched path either. */
  record Deleted(Path path, FileKey key) implements FileEvent {}

  /** A known file is now at another watched path (renamed). */
  record Moved(Path from, Path to, FileKey key) implements FileEvent {}

  /** A path now holds a different file: the old one was renamed away or deleted (rename-and-create rotation). */
  record Replaced(Path path, FileKey before, FileKey now) implements FileEvent {}
}
