package sentinel.streams.correlate;

import java.time.Instant;

/** The highest byte offset already processed for one shipped file, and when it was last seen. */
public record FilePosition(long offset, Instant seen) {}
