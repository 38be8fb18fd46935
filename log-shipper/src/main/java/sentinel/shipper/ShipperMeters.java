package sentinel.shipper;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every meter the shipper exposes, declared in one place with its description. Values live in
 * plain atomics read by function counters and gauges, so the programmatic API reports the same
 * numbers whatever registry (or meter filter) the caller passes.
 */
public final class ShipperMeters {
  private final AtomicLong linesRead = new AtomicLong();
  private final AtomicLong linesShipped = new AtomicLong();
  private final AtomicLong bytesShipped = new AtomicLong();
  private final AtomicLong invalidUtf8 = new AtomicLong();
  private final AtomicLong truncatedLines = new AtomicLong();
  private final AtomicLong sendErrors = new AtomicLong();
  private final AtomicLong renameRotations = new AtomicLong();
  private final AtomicLong truncateRotations = new AtomicLong();
  private final AtomicLong checkpointLag = new AtomicLong();
  private final AtomicInteger filesWatched = new AtomicInteger();
  private final AtomicInteger brokerUp = new AtomicInteger(1);
  /** Held here because gauges keep only a weak reference to what they read. */
  private final Supplier<Number> inflightBytes;

  public ShipperMeters(MeterRegistry registry, Supplier<Number> inflightBytes) {
    this.inflightBytes = inflightBytes;
    counter(registry, "sentinel.shipper.lines.read", linesRead, "Complete lines read from log files");
    counter(registry, "sentinel.shipper.lines.shipped", linesShipped, "Lines acknowledged by the broker");
    counter(registry, "sentinel.shipper.bytes.shipped", bytesShipped,
        "File bytes (lines and terminators) acknowledged by the broker");
    FunctionCounter.builder("sentinel.shipper.lines.sanitized", invalidUtf8, AtomicLong::get)
        .tag("reason", "invalid_utf8")
        .description("Lines shipped altered: invalid UTF-8 replaced by U+FFFD, or cut at shipper.max.line.bytes")
        .register(registry);
    FunctionCounter.builder("sentinel.shipper.lines.sanitized", truncatedLines, AtomicLong::get)
        .tag("reason", "truncated")
        .description("Lines shipped altered: invalid UTF-8 replaced by U+FFFD, or cut at shipper.max.line.bytes")
        .register(registry);
    counter(registry, "sentinel.shipper.send.errors", sendErrors,
        "Sends the producer failed; each failed line is sent again, never dropped");
    FunctionCounter.builder("sentinel.shipper.rotations", renameRotations, AtomicLong::get).tag("kind", "rename")
        .description("File rotations seen: rename (a new file at a watched path) or truncate (copytruncate, rewrite in place)")
        .register(registry);
    FunctionCounter.builder("sentinel.shipper.rotations", truncateRotations, AtomicLong::get).tag("kind", "truncate")
        .description("File rotations seen: rename (a new file at a watched path) or truncate (copytruncate, rewrite in place)")
        .register(registry);
    Gauge.builder("sentinel.shipper.checkpoint.lag.bytes", checkpointLag, AtomicLong::get).baseUnit("bytes")
        .description("Sum over open files of file size minus committed offset: bytes a restart would read again or have not shipped")
        .register(registry);
    // Gauges hold their object weakly; nothing else holds this supplier, so without a strong
    // reference the gauge read NaN after the first garbage collection.
    Gauge.builder("sentinel.shipper.inflight.bytes", inflightBytes, s -> s.get().doubleValue()).baseUnit("bytes")
        .description("Record bytes sent and not yet acknowledged (capped by shipper.max.inflight.bytes)")
        .strongReference(true)
        .register(registry);
    Gauge.builder("sentinel.shipper.files.watched", filesWatched, AtomicInteger::get)
        .description("Files open for reading").register(registry);
    Gauge.builder("sentinel.shipper.broker.up", brokerUp, AtomicInteger::get)
        .description("1 while the broker acknowledges sends, 0 during an outage (sends failing or stalled)")
        .register(registry);
  }

  // No base units on counters: Prometheus naming would append them (..._shipped_bytes_total).
  private static void counter(MeterRegistry r, String name, AtomicLong value, String description) {
    FunctionCounter.builder(name, value, AtomicLong::get).description(description).register(r);
  }

  void linesRead(int lines) {
    linesRead.addAndGet(lines);
  }

  void invalidUtf8(int lines) {
    invalidUtf8.addAndGet(lines);
  }

  void truncatedLines(int lines) {
    truncatedLines.addAndGet(lines);
  }

  /** {@code lines} lines, {@code fileBytes} bytes of file with their terminators, were acknowledged. */
  public void shipped(int lines, long fileBytes) {
    linesShipped.addAndGet(lines);
    bytesShipped.addAndGet(fileBytes);
  }

  public void sendError() {
    sendErrors.incrementAndGet();
  }

  void rotation(boolean rename) {
    (rename ? renameRotations : truncateRotations).incrementAndGet();
  }

  void checkpointLag(long bytes) {
    checkpointLag.set(bytes);
  }

  void filesWatched(int n) {
    filesWatched.set(n);
  }

  public void brokerUp(boolean up) {
    brokerUp.set(up ? 1 : 0);
  }

  public long linesRead() {
    return linesRead.get();
  }

  public long linesShipped() {
    return linesShipped.get();
  }

  public long sendErrors() {
    return sendErrors.get();
  }

  public long rotations(boolean rename) {
    return (rename ? renameRotations : truncateRotations).get();
  }

  public long sanitized(boolean truncated) {
    return (truncated ? truncatedLines : invalidUtf8).get();
  }

  public boolean brokerUp() {
    return brokerUp.get() == 1;
  }

  public long checkpointLag() {
    return checkpointLag.get();
  }
}
