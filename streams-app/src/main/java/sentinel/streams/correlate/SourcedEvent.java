package sentinel.streams.correlate;

import java.time.Instant;
import sentinel.streams.model.MtaEvent;

/** A parsed event with the read time of its raw line (for end-to-end latency). */
public record SourcedEvent(MtaEvent event, Instant readAt) {}
