package sentinel.streams.replay;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Reads the log files oldest first on a thread of its own and hands out batches of lines with
 * their log time ({@link LineClock}) and host, ready to pipe. Reading, gunzip, UTF-8 decoding and
 * framing then run on the machine's other core while the topology runs; the bounded queue keeps at
 * most a few batches ahead, so memory does not grow with the log.
 */
final class LineFeed implements AutoCloseable {
  /** Batches read ahead of the topology: enough to ride out a slow disk read, few enough to stay small. */
  private static final int AHEAD = 4;
  private static final Object END = new Object();

  private final List<Path> files;
  private final ReplayOptions options;
  private final ZoneId zone;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
  private final Thread thread;
  /** Written by the reading thread before it queues END; the queue hands it over safely. */
  private FeedTotals totals;

  /** @param files oldest first */
  LineFeed(List<Path> files, ReplayOptions options, ZoneId zone) {
    this.files = List.copyOf(files);
    this.options = options;
    this.zone = zone;
    this.thread = new Thread(this::readAll, "replay-reader");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** The next batch, or null when every file has been read. */
  LineBatch next() throws IOException {
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for log lines");
    }
    if (item == END) {
      queue.add(END);
      return null;
    }
    if (item instanceof Failure f) {
      queue.add(f);
      throw f.error();
    }
    return (LineBatch) item;
  }

  /** What was read; only after {@link #next} returned null. */
  FeedTotals totals() {
    if (totals == null) {
      throw new IllegalStateException("the files have not all been read yet");
    }
    return totals;
  }

  private void readAll() {
    try {
      read();
      put(END);
    } catch (IOException | UncheckedIOException e) {
      IOException error = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      try {
        put(new Failure(error));
      } catch (InterruptedException stopped) {
        // Closed while failing: nobody waits for the error any more.
      }
    } catch (InterruptedException e) {
      // Closed before the end (the replay failed or was stopped): stop reading.
    }
  }

  private void read() throws IOException, InterruptedException {
    LineClock clock = new LineClock(zone, Instant.EPOCH);
    List<ReplayReport.SourceFile> sources = new ArrayList<>();
    Batch batch = new Batch(options.batchSize());
    long linesRead = 0;
    long linesInRange = 0;
    long bytesBefore = 0;
    Instant first = null;
    Instant last = null;
    for (Path file : files) {
      Instant reference = reference(file);
      long fileLines = 0;
      boolean gzip;
      try (LogFileReader reader = new LogFileReader(file)) {
        gzip = reader.gzip();
        String line;
        while ((line = reader.nextLine()) != null) {
          linesRead++;
          fileLines++;
          Instant t = clock.timeOf(line, reference);
          if (!options.inRange(t)) {
            continue;
          }
          linesInRange++;
          first = first == null || t.isBefore(first) ? t : first;
          last = last == null || t.isAfter(last) ? t : last;
          String host = clock.lastHost() != null ? clock.lastHost() : options.host();
          batch.add(host, line, t);
          if (batch.full()) {
            put(batch.cut(linesRead, bytesBefore + reader.bytesRead()));
          }
        }
        bytesBefore += reader.bytesRead();
      }
      sources.add(new ReplayReport.SourceFile(file.getFileName().toString(), Files.size(file), fileLines, gzip));
    }
    if (!batch.isEmpty()) {
      put(batch.cut(linesRead, bytesBefore));
    }
    totals = new FeedTotals(sources, linesRead, linesInRange, bytesBefore, first, last);
  }

  private void put(Object item) throws InterruptedException {
    queue.put(item);
  }

  /** A time at or after every line of the file, to infer the year of classic syslog timestamps. */
  private Instant reference(Path file) throws IOException {
    if (options.year() != null) {
      return LocalDateTime.of(options.year(), 12, 31, 23, 59, 59).atZone(zone).toInstant();
    }
    // Rotated files are closed after their last line; a minute of slack covers clock skew.
    return Files.getLastModifiedTime(file).toInstant().plus(Duration.ofMinutes(1));
  }

  /** Stops the reading thread if the replay ends early, and waits for it. */
  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The reading thread's failure, handed to the replay. */
  private record Failure(IOException error) {}

  /** Lines collected until the batch is full. */
  private static final class Batch {
    private final int size;
    private List<TestRecord<String, byte[]>> records;
    private List<String> lines;
    private List<Instant> times;

    Batch(int size) {
      this.size = size;
      fresh();
    }

    void add(String host, String line, Instant t) {
      records.add(new TestRecord<>(host, line.getBytes(StandardCharsets.UTF_8), null, t));
      lines.add(line);
      times.add(t);
    }

    boolean full() {
      return records.size() >= size;
    }

    boolean isEmpty() {
      return records.isEmpty();
    }

    /** The lines so far as a batch; this one starts empty again. */
    LineBatch cut(long linesRead, long bytesRead) {
      LineBatch b = new LineBatch(records, lines, times, linesRead, bytesRead);
      fresh();
      return b;
    }

    private void fresh() {
      records = new ArrayList<>(size);
      lines = new ArrayList<>(size);
      times = new ArrayList<>(size);
    }
  }
}
