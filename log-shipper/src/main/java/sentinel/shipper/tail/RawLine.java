package sentinel.shipper.tail;

/**
 * One complete line as read from a file, before decoding.
 *
 * @param offset byte offset of the line's first byte
 * @param endOffset byte offset just after its terminator: where reading resumes once it is acknowledged
 * @param bytes the line's bytes without the terminator (at most the configured maximum)
 * @param truncated true when the line was longer than the maximum and its rest was skipped
 */
public record RawLine(long offset, long endOffset, byte[] bytes, boolean truncated) {}
