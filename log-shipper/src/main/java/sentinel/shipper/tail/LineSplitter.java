package sentinel.shipper.tail;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into lines at {@code \n} (a trailing {@code \r} is part of the terminator).
 * An incomplete last line is held until its newline arrives. A line longer than {@code
 * maxLineBytes} keeps its first {@code maxLineBytes} bytes, the rest is skipped up to the newline,
 * and it is emitted only when the newline arrives: memory stays bounded and the line's end offset
 * (the checkpoint after it) is never in the middle of a line.
 */
public final class LineSplitter {
  private final int maxLineBytes;
  private byte[] partial = new byte[256];
  private int partialLength;
  private boolean partialTruncated;
  private long partialStart;
  private long nextOffset;

  /** @param startOffset file offset of the first byte that will be fed (a line start) */
  public LineSplitter(int maxLineBytes, long startOffset) {
    this.maxLineBytes = maxLineBytes;
    this.partialStart = startOffset;
    this.nextOffset = startOffset;
  }

  /**
   * Feeds {@code length} bytes that follow the bytes fed so far; complete lines go to {@code out}.
   * Lines that lie whole in {@code buf} are views into it (see {@link RawLine}).
   */
  public void feed(byte[] buf, int from, int length, Consumer<RawLine> out) {
    int end = from + length;
    int segmentStart = from;
    for (int i = ByteScan.indexOfNewline(buf, from, end); i < end; i = ByteScan.indexOfNewline(buf, i + 1, end)) {
      long lineEnd = nextOffset + (i - from) + 1;
      if (partialLength == 0 && !partialTruncated) {
        out.accept(wholeLine(buf, segmentStart, i - segmentStart, lineEnd));
      } else {
        append(buf, segmentStart, i - segmentStart);
        out.accept(takeLine(lineEnd, true));
      }
      segmentStart = i + 1;
    }
    append(buf, segmentStart, end - segmentStart);
    nextOffset += length;
  }

  /** The held incomplete line as a line of its own, for a file that will not grow any more. */
  public Optional<RawLine> flushPartial() {
    if (nextOffset == partialStart) {
      return Optional.empty();
    }
    return Optional.of(takeLine(nextOffset, false));
  }

  /** Offset where the held incomplete line starts: everything before it has been emitted. */
  public long pendingStart() {
    return partialStart;
  }

  /** Offset of the next byte to feed. */
  public long nextOffset() {
    return nextOffset;
  }

  private void append(byte[] buf, int from, int length) {
    int room = maxLineBytes - partialLength;
    int keep = Math.min(room, length);
    if (keep < length) {
      partialTruncated = true;
    }
    if (keep <= 0) {
      return;
    }
    if (partialLength + keep > partial.length) {
      partial = Arrays.copyOf(partial, Math.min(maxLineBytes, Math.max(partial.length * 2, partialLength + keep)));
    }
    System.arraycopy(buf, from, partial, partialLength, keep);
    partialLength += keep;
  }

  /**
   * A line that lies entirely in the fed chunk: a view into it, not copied (the usual case; the
   * same cut and {@code \r} rule as {@link #takeLine}). The caller must not overwrite the chunk
   * while such lines are in use.
   */
  private RawLine wholeLine(byte[] buf, int from, int length, long lineEnd) {
    int keep = Math.min(maxLineBytes, length);
    boolean truncated = keep < length;
    if (!truncated && keep > 0 && buf[from + keep - 1] == '\r') {
      keep--;
    }
    RawLine line = new RawLine(partialStart, lineEnd, buf, from, keep, truncated);
    partialStart = lineEnd;
    return line;
  }

  private RawLine takeLine(long lineEnd, boolean terminated) {
    int length = partialLength;
    if (terminated && !partialTruncated && length > 0 && partial[length - 1] == '\r') {
      length--;
    }
    RawLine line = new RawLine(partialStart, lineEnd, Arrays.copyOf(partial, length), partialTruncated);
    partialStart = lineEnd;
    partialLength = 0;
    partialTruncated = false;
    if (partial.length > 4096) {
      partial = new byte[256]; // one huge line should not pin its buffer for the life of the file
    }
    return line;
  }
}
