package sentinel.common.contract;

import java.time.Instant;

/**
 * One MTA log line as the shipper writes it to {@code mta.raw} (key: {@link #host}).
 *
 * <p>{@code fileId} + {@code offset} identify the line uniquely and stably: a line shipped twice
 * after a crash carries the same pair, which is what lets the monitor drop the duplicate.
 *
 * @param host MTA host the line came from
 * @param source path of the file the line was read from
 * @param fileId stable identity of that file (device, inode and a fingerprint of its first line)
 * @param offset byte offset of the line's first byte in the file
 * @param readAt when the shipper read the line
 * @param line the line, without its line terminator
 */
public record RawLineEnvelope(
    String host, String source, String fileId, long offset, Instant readAt, String line) {}
