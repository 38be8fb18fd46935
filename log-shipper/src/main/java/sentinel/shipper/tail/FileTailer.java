package sentinel.shipper.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Optional;
import sentinel.shipper.checkpoint.AckTracker;
import sentinel.shipper.identity.FileFingerprint;
import sentinel.shipper.identity.Fingerprinter;

/**
 * One file being tailed: an open handle (so a renamed file is read to its end through it), the
 * read position, the held incomplete line, lines read but not yet sent, and the acknowledgements.
 *
 * <p>Not thread-safe: used by the shipper's loop thread only (the {@link AckTracker} is the part
 * producer callbacks touch).
 */
public final class FileTailer implements AutoCloseable {
  /** What {@link #check} found. */
  public enum State { GROWING_OR_SAME, TRUNCATED }

  /** Most bytes one {@link #read} takes. */
  public static final int CHUNK_BYTES = 64 * 1024;

  private final String fileId;
  private final LineSplitter splitter;
  private final ArrayDeque<RawLine> ready = new ArrayDeque<>();
  /** What each read fills; queued lines point into it, so it is this file's own. */
  private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
  private final AckTracker acks;
  private FileFingerprint fingerprint;
  private Path path;
  private FileChannel channel;
  private long lastGrowthMillis;
  private boolean atWatchedPath = true;
  private boolean finished;

  private FileTailer(Path path, FileChannel channel, FileFingerprint fingerprint, String fileId,
      long startOffset, int maxLineBytes, long nowMillis) {
    this.path = path;
    this.channel = channel;
    this.fingerprint = fingerprint;
    this.fileId = fileId;
    this.splitter = new LineSplitter(maxLineBytes, startOffset);
    this.acks = new AckTracker(startOffset);
    this.lastGrowthMillis = nowMillis;
  }

  /**
   * Opens {@code path} to read from {@code startOffset}, which must be a line start. Empty when the
   * file behind the path is no longer the one fingerprinted (replaced or rewritten in between).
   */
  public static Optional<FileTailer> open(Path path, FileFingerprint fingerprint, String fileId, long startOffset,
      int maxLineBytes, Fingerprinter fingerprinter, long nowMillis) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    Optional<FileFingerprint> now = fingerprinter.fingerprint(ch, fingerprinter.key(path));
    if (now.isEmpty() || !now.get().equals(fingerprint)) {
      ch.close();
      return Optional.empty();
    }
    return Optional.of(new FileTailer(path, ch, fingerprint, fileId, startOffset, maxLineBytes, nowMillis));
  }

  /**
   * Truncated means the content under the handle is no longer the content read: the size dropped
   * below the read position, or the first line changed (truncated and rewritten past the old
   * position between two polls: Vector #23619 kept reading such a file and shipped duplicates).
   */
  public State check(Fingerprinter fingerprinter) throws IOException {
    if (channel.size() < splitter.nextOffset()) {
      return State.TRUNCATED;
    }
    Optional<FileFingerprint> head = fingerprinter.fingerprint(channel, fingerprint.key());
    return head.isPresent() && head.get().sameHead(fingerprint) ? State.GROWING_OR_SAME : State.TRUNCATED;
  }

  /**
   * Reads at most {@code maxBytes} (and at most {@link #CHUNK_BYTES}) from the read position;
   * complete lines queue up. Returns bytes read, or -1 when the first line changed under the read:
   * the chunk may come from new content written after a truncation, so it is dropped and the next
   * {@link #check} reports TRUNCATED. Only when no line is queued (they may point into the chunk).
   */
  public int read(int maxBytes, Fingerprinter fingerprinter, long nowMillis) throws IOException {
    if (!ready.isEmpty()) {
      // Queued lines may be views into the chunk this read would overwrite.
      throw new IllegalStateException("read with " + ready.size() + " lines of " + path + " still queued");
    }
    ByteBuffer buffer = chunk;
    buffer.clear();
    buffer.limit(Math.min(buffer.capacity(), maxBytes));
    int n = channel.read(buffer, splitter.nextOffset());
    if (n <= 0) {
      return 0;
    }
    Optional<FileFingerprint> head = fingerprinter.fingerprint(channel, fingerprint.key());
    if (head.isEmpty() || !head.get().sameHead(fingerprint)) {
      return -1;
    }
    splitter.feed(buffer.array(), 0, n, ready::addLast);
    lastGrowthMillis = nowMillis;
    return n;
  }

  /**
   * Ends the file: its held incomplete line becomes a line of its own. Only for a file nothing will
   * write to any more (rotated away and idle), never at shutdown, where the next run finishes it.
   */
  public void finish() {
    if (!finished) {
      splitter.flushPartial().ifPresent(ready::addLast);
      finished = true;
    }
  }

  /** Continues the same stream from a byte-identical copy (copytruncate): same id, same position. */
  public void moveTo(Path copy, FileFingerprint copyFingerprint) throws IOException {
    FileChannel next = FileChannel.open(copy, StandardOpenOption.READ);
    channel.close();
    channel = next;
    path = copy;
    fingerprint = new FileFingerprint(copyFingerprint.device(), copyFingerprint.inode(),
        fingerprint.headHash(), fingerprint.headLength());
  }

  /**
   * Where the last complete line of {@code path} ends (looking back at most {@code maxLineBytes}),
   * so starting "at the end" never starts in the middle of a line.
   */
  public static long lastLineEnd(Path path, int maxLineBytes) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      long from = Math.max(0, size - maxLineBytes);
      ByteBuffer b = ByteBuffer.allocate((int) (size - from));
      while (b.hasRemaining() && ch.read(b, from + b.position()) > 0) {
        // read the whole tail
      }
      for (int i = b.position() - 1; i >= 0; i--) {
        if (b.get(i) == '\n') {
          return from + i + 1;
        }
      }
      return from;
    }
  }

  public boolean hasUnreadBytes() throws IOException {
    return channel.size() > splitter.nextOffset();
  }

  public ArrayDeque<RawLine> ready() {
    return ready;
  }

  public AckTracker acks() {
    return acks;
  }

  public String fileId() {
    return fileId;
  }

  public FileFingerprint fingerprint() {
    return fingerprint;
  }

  public Path path() {
    return path;
  }

  public void path(Path newPath) {
    this.path = newPath;
  }

  public long position() {
    return splitter.nextOffset();
  }

  public long size() throws IOException {
    return channel.size();
  }

  public long lastGrowthMillis() {
    return lastGrowthMillis;
  }

  public boolean atWatchedPath() {
    return atWatchedPath;
  }

  public void atWatchedPath(boolean watched) {
    this.atWatchedPath = watched;
  }

  public boolean finished() {
    return finished;
  }

  /** Nothing left to send or to wait for: safe to close without losing a line. */
  public boolean drained() {
    return ready.isEmpty() && acks.unacknowledged() == 0;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
