package sentinel.shipper.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentinel.shipper.identity.FileFingerprint;
import sentinel.shipper.identity.Fingerprinter;

class FileTailerTest {
  private final Fingerprinter fingerprinter = new Fingerprinter();
  @TempDir Path dir;

  private FileTailer open(Path log, long start) throws IOException {
    FileFingerprint fp = fingerprinter.fingerprint(log).orElseThrow();
    return FileTailer.open(log, fp, fp.fileId(), start, 1024, fingerprinter, 0).orElseThrow();
  }

  @Test
  void readsARenamedFileToItsEndThroughItsOpenHandle() throws IOException {
    Path log = dir.resolve("mail.log");
    Files.writeString(log, "one\n");
    try (FileTailer t = open(log, 0)) {
      Files.move(log, dir.resolve("mail.log.1"));
      Files.writeString(dir.resolve("mail.log.1"), "two\n", StandardOpenOption.APPEND);

      assertThat(t.read(4096, fingerprinter, 1)).isEqualTo(8);
      assertThat(t.ready()).extracting(RawLine::offset).containsExactly(0L, 4L);
      assertThat(t.check(fingerprinter)).isEqualTo(FileTailer.State.GROWING_OR_SAME);
    }
  }

  @Test
  void reportsTruncationWhenTheSizeDropsBelowTheReadPosition() throws IOException {
    Path log = dir.resolve("mail.log");
    Files.writeString(log, "first line\nsecond line\n");
    try (FileTailer t = open(log, 0)) {
      t.read(4096, fingerprinter, 1);
      try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
        ch.truncate(11);
      }
      assertThat(t.check(fingerprinter)).isEqualTo(FileTailer.State.TRUNCATED);
    }
  }

  @Test
  void refusesToReadContentRewrittenInPlacePastTheOldPosition() throws IOException {
    // Given a file read up to offset 11
    Path log = dir.resolve("mail.log");
    Files.writeString(log, "first line\n");
    try (FileTailer t = open(log, 0)) {
      t.read(4096, fingerprinter, 1);
      t.ready().clear();
      // When it is truncated and rewritten, longer than before, between two polls (Vector #23619)
      Files.writeString(log, "another first line\nand more\n");

      // Then nothing is read from the new content under the old identity
      assertThat(t.read(4096, fingerprinter, 2)).isEqualTo(-1);
      assertThat(t.ready()).isEmpty();
      assertThat(t.check(fingerprinter)).isEqualTo(FileTailer.State.TRUNCATED);
    }
  }

  @Test
  void refusesToOpenAFileThatChangedSinceItWasFingerprinted() throws IOException {
    Path log = dir.resolve("mail.log");
    Files.writeString(log, "old\n");
    FileFingerprint fp = fingerprinter.fingerprint(log).orElseThrow();
    Files.writeString(log, "new\n");
    assertThat(FileTailer.open(log, fp, fp.fileId(), 0, 1024, fingerprinter, 0)).isEmpty();
  }

  @Test
  void findsTheEndOfTheLastCompleteLineForStartingAtTheEnd() throws IOException {
    Path log = dir.resolve("mail.log");
    Files.writeString(log, "a\nbb\nhalf a li");
    assertThat(FileTailer.lastLineEnd(log, 1024)).isEqualTo(5);
  }
}
