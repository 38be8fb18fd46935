package sentinel.shipper.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * Computes {@link FileKey}s and {@link FileFingerprint}s.
 *
 * <p>A file gets a fingerprint only once its first line is complete (or its first 1 KiB is
 * there): hashing a half-written first line would give the file a different id later, and the id
 * must not change (Vector's file source waits for the same reason). Until then the file has no
 * complete line to ship anyway.
 */
public final class Fingerprinter {
  /** The most bytes of the first line that are hashed. */
  public static final int HEAD_BYTES = 1024;

  /** Device and inode of {@code path}, following symlinks. */
  public FileKey key(Path path) throws IOException {
    try {
      Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
      return new FileKey(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue());
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // No unix view (not Linux/macOS): the platform's file key is the best stable substitute.
      Object fileKey = Files.readAttributes(path, BasicFileAttributes.class, new LinkOption[0]).fileKey();
      return new FileKey(0, fileKey == null ? path.toAbsolutePath().hashCode() : fileKey.hashCode());
    }
  }

  /** The fingerprint of the file at {@code path}, or empty while its first line is incomplete. */
  public Optional<FileFingerprint> fingerprint(Path path) throws IOException {
    FileKey key = key(path);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return fingerprint(ch, key);
    }
  }

  /** The fingerprint of the content behind an open channel, given the key it was opened with. */
  public Optional<FileFingerprint> fingerprint(FileChannel channel, FileKey key) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(HEAD_BYTES);
    long pos = 0;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, pos);
      if (n <= 0) {
        break;
      }
      pos += n;
    }
    byte[] bytes = buf.array();
    int len = buf.position();
    for (int i = 0; i < len; i++) {
      if (bytes[i] == '\n') {
        return Optional.of(new FileFingerprint(key.device(), key.inode(), Crc64.of(bytes, 0, i), i));
      }
    }
    if (len == HEAD_BYTES) {
      return Optional.of(new FileFingerprint(key.device(), key.inode(), Crc64.of(bytes, 0, len), len));
    }
    return Optional.empty();
  }
}
