package sentinel.shipper.tail;

import java.util.Arrays;

/**
 * One complete line as read from a file, before decoding: {@code length} bytes of {@code buffer}
 * from {@code from}.
 *
 * <p>A line that lay whole inside a read chunk is a view into that chunk rather than a copy (one
 * allocation and one copy less per line); it stays valid until its {@link FileTailer} reads again,
 * which it does only once every queued line has been sent (see {@link FileTailer#read}).
 *
 * @param offset byte offset of the line's first byte
 * @param endOffset byte offset just after its terminator: where reading resumes once it is acknowledged
 * @param buffer holds the line's bytes without the terminator (at most the configured maximum)
 * @param from where they start in {@code buffer}
 * @param length how many there are
 * @param truncated true when the line was longer than the maximum and its rest was skipped
 */
public record RawLine(long offset, long endOffset, byte[] buffer, int from, int length, boolean truncated) {
  /** A line that owns all of {@code bytes}. */
  public RawLine(long offset, long endOffset, byte[] bytes, boolean truncated) {
    this(offset, endOffset, bytes, 0, bytes.length, truncated);
  }

  /** The line's bytes as an array of their own (a copy when the line is a view). */
  public byte[] bytes() {
    return from == 0 && length == buffer.length ? buffer : Arrays.copyOfRange(buffer, from, from + length);
  }
}
