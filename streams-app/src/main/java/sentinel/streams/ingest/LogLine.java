package sentinel.streams.ingest;

import java.time.Instant;

/**
 * A raw line as it arrived on {@code mta.raw}, whichever shipper sent it.
 *
 * @param host host from the envelope or the record key; null when only the line itself can say
 * @param fileId file identity for de-duplication; null for shippers that do not send one
 * @param offset byte offset of the line in its file; -1 when unknown
 * @param readAt when the shipper read the line (the record timestamp for plain lines)
 * @param text the log line itself
 */
public record LogLine(String host, String source, String fileId, long offset, Instant readAt, String text) {

  /** True when {@code fileId} + {@code offset} identify the line, so a re-sent copy can be dropped. */
  public boolean hasPosition() {
    return fileId != null && offset >= 0;
  }
}
