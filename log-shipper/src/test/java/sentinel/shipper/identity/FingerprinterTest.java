package sentinel.shipper.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprinterTest {
  private final Fingerprinter fingerprinter = new Fingerprinter();
  @TempDir Path dir;

  @Test
  void computesTheStandardCrc64XzCheckValue() {
    byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(Crc64.of(b, 0, b.length)).isEqualTo(0x995DC9BBDF1939FAL);
  }

  @Test
  void waitsForTheFirstLineToBeCompleteThenKeepsTheSameIdAsTheFileGrows() throws IOException {
    Path log = dir.resolve("mail.log");
    Files.writeString(log, "Jan  1 00:00:01 mx postfix/smtpd[1]: conn");
    assertThat(fingerprinter.fingerprint(log)).isEmpty();

    Files.writeString(log, "ect from a\n", StandardOpenOption.APPEND);
    FileFingerprint first = fingerprinter.fingerprint(log).orElseThrow();
    Files.writeString(log, "second line\n", StandardOpenOption.APPEND);
    FileFingerprint later = fingerprinter.fingerprint(log).orElseThrow();

    assertThat(later).isEqualTo(first);
    assertThat(first.headLength()).isEqualTo("Jan  1 00:00:01 mx postfix/smtpd[1]: connect from a".length());
    assertThat(first.key()).isEqualTo(fingerprinter.key(log));
  }

  @Test
  void keepsTheInodeButChangesTheHeadWhenRewrittenInPlace() throws IOException {
    Path log = dir.resolve("mail.log");
    Files.writeString(log, "old first line\n");
    FileFingerprint before = fingerprinter.fingerprint(log).orElseThrow();
    Files.writeString(log, "new first line\n"); // truncate + write, same inode

    FileFingerprint after = fingerprinter.fingerprint(log).orElseThrow();

    assertThat(after.key()).isEqualTo(before.key());
    assertThat(after.sameHead(before)).isFalse();
    assertThat(after.fileId()).isNotEqualTo(before.fileId());
  }

  @Test
  void hashesTheFirstKibibyteOfAFirstLineWithoutNewline() throws IOException {
    Path log = dir.resolve("big.log");
    Files.writeString(log, "y".repeat(2000));
    assertThat(fingerprinter.fingerprint(log)).hasValueSatisfying(f -> assertThat(f.headLength()).isEqualTo(1024));
  }

  @Test
  void recognisesACopyByItsHeadButNotByItsKey() throws IOException {
    Path log = dir.resolve("mail.log");
    Files.writeString(log, "line one\nline two\n");
    Path copy = Files.copy(log, dir.resolve("mail.log.1"));
    FileFingerprint a = fingerprinter.fingerprint(log).orElseThrow();
    FileFingerprint b = fingerprinter.fingerprint(copy).orElseThrow();
    assertThat(a.sameHead(b)).isTrue();
    assertThat(a.key()).isNotEqualTo(b.key());
  }
}
