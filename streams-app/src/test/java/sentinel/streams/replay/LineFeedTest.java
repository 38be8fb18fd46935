package sentinel.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The reading thread hands out every line, in file order, with its log time and host. */
@Timeout(60) // guards against a hang only; nothing here is timed
class LineFeedTest {
  @TempDir Path dir;

  @Test
  void readsEveryFileInOrderInBatchesWithTimesHostsAndTotals() throws IOException {
    // Given a gzip-rotated file and the current one; an unframed line takes the time before it
    Path old = dir.resolve("mail.log.1.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(old))) {
      out.write(("Nov 24 10:00:00 mx1 postfix/qmgr[1]: A1: removed\n"
          + "Nov 24 10:00:01 mx2 postfix/qmgr[1]: A2: removed\n").getBytes(StandardCharsets.UTF_8));
    }
    Path current = Files.writeString(dir.resolve("mail.log"),
        "Nov 24 11:00:00 mx1 postfix/qmgr[1]: A3: removed\nnot a syslog line\nNov 24 11:00:02 mx1 postfix/qmgr[1]: A4: removed\n");
    ReplayOptions options = new ReplayOptions(List.of(old, current), null, null, null, 2026, "fallback", dir, 2);

    List<LineBatch> batches = new ArrayList<>();
    FeedTotals totals;
    try (LineFeed feed = new LineFeed(List.of(old, current), options, ZoneOffset.UTC)) {
      LineBatch b;
      while ((b = feed.next()) != null) {
        batches.add(b);
      }
      totals = feed.totals();
    }

    assertThat(batches).extracting(b -> b.records().size()).containsExactly(2, 2, 1);
    List<String> lines = batches.stream().flatMap(b -> b.lines().stream()).toList();
    assertThat(lines).hasSize(5).element(3).isEqualTo("not a syslog line");
    assertThat(batches.stream().flatMap(b -> b.records().stream()).map(r -> r.key()).toList())
        .containsExactly("mx1", "mx2", "mx1", "fallback", "mx1");
    assertThat(batches.get(1).times()).containsExactly(Instant.parse("2026-11-24T11:00:00Z"), Instant.parse("2026-11-24T11:00:00Z"));
    assertThat(batches).extracting(LineBatch::linesRead).containsExactly(2L, 4L, 5L);
    assertThat(totals.linesRead()).isEqualTo(5);
    assertThat(totals.linesInRange()).isEqualTo(5);
    assertThat(totals.first()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    assertThat(totals.last()).isEqualTo(Instant.parse("2026-11-24T11:00:02Z"));
    assertThat(totals.sources()).extracting(ReplayReport.SourceFile::gzip).containsExactly(true, false);
    assertThat(totals.bytesRead()).isEqualTo(Files.size(old) + Files.size(current));
  }

  @Test
  void aFileThatCannotBeReadFailsTheReplay() throws IOException {
    Path missing = dir.resolve("gone.log");
    ReplayOptions options = ReplayOptions.of(List.of(missing), dir).withYear(2026);

    try (LineFeed feed = new LineFeed(List.of(missing), options, ZoneOffset.UTC)) {
      assertThatThrownBy(feed::next).isInstanceOf(IOException.class).hasMessageContaining("gone.log");
    }
  }

  @Test
  void closingBeforeTheEndStopsTheReader() throws IOException {
    // A log far longer than the few batches the reader may run ahead
    Path big = Files.write(dir.resolve("big.log"), java.util.Collections.nCopies(10_000, "Nov 24 10:00:00 mx1 postfix/qmgr[1]: A1: removed"));
    ReplayOptions options = new ReplayOptions(List.of(big), null, null, null, 2026, "localhost", dir, 1);

    LineFeed feed = new LineFeed(List.of(big), options, ZoneOffset.UTC);
    assertThat(feed.next()).isNotNull();
    feed.close();

    // close() returned: the reader, blocked on the full queue, was stopped
    assertThatThrownBy(feed::totals).isInstanceOf(IllegalStateException.class);
  }
}
