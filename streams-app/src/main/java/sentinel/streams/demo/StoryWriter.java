package sentinel.streams.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.streams.simulate.LeakedPasswordStory;
import sentinel.streams.simulate.PostfixLogWriter;

/** Appends the demo story to a log file in real time, one second of the story per second. */
public final class StoryWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoryWriter.class);
  private final Path file;
  private final LeakedPasswordStory story;
  private final Clock clock;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private volatile long linesWritten;

  public StoryWriter(Path file, LeakedPasswordStory story, Clock clock, long seed) {
    this.file = file;
    this.story = story;
    this.clock = clock;
    SplittableRandom random = new SplittableRandom(seed);
    PostfixLogWriter writer = new PostfixLogWriter("mx1", ZoneId.systemDefault(), random);
    this.thread = new Thread(() -> run(writer, random), "demo-story");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public long linesWritten() {
    return linesWritten;
  }

  private void run(PostfixLogWriter writer, SplittableRandom random) {
    Instant start = clock.instant();
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (long second = 0; !stop.await(0, TimeUnit.MILLISECONDS); second++) {
        if (second == story.leakAfter().toSeconds()) {
          LOG.info("Story: the password of {} has leaked; a botnet starts sending through it", story.leakedAccount());
        }
        List<LeakedPasswordStory.TimedLine> lines = story.secondOfStory(second, start, writer, random);
        for (LeakedPasswordStory.TimedLine l : lines) {
          out.write(l.line());
          out.write('\n');
        }
        out.flush();
        linesWritten += lines.size();
        long wait = start.plusSeconds(second + 1).toEpochMilli() - clock.millis();
        if (wait > 0 && stop.await(wait, TimeUnit.MILLISECONDS)) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write demo log " + file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop.countDown();
    thread.join(5000);
  }
}
