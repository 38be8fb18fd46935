package sentinel.shipper.discover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathScannerTest {
  @TempDir Path dir;

  @Test
  void expandsGlobsAndPicksUpFilesCreatedLater() throws IOException {
    Files.writeString(dir.resolve("mail.log"), "a\n");
    Files.writeString(dir.resolve("other.txt"), "b\n");
    PathScanner scanner = new PathScanner(List.of(dir + "/mail*.log"));
    assertThat(scanner.scan()).containsExactly(dir.resolve("mail.log"));

    Files.writeString(dir.resolve("mail-2.log"), "c\n");

    assertThat(scanner.scan()).containsExactly(dir.resolve("mail-2.log"), dir.resolve("mail.log"));
  }

  @Test
  void returnsAPlainPathOnlyWhileTheFileExists() throws IOException {
    Path log = dir.resolve("maillog");
    PathScanner scanner = new PathScanner(List.of(log.toString()));
    assertThat(scanner.scan()).isEmpty();
    Files.writeString(log, "x\n");
    assertThat(scanner.scan()).containsExactly(log);
  }

  @Test
  void descendsOnlyAsDeepAsThePatternUnlessItHasDoubleStar() throws IOException {
    Files.createDirectories(dir.resolve("a/b"));
    Files.writeString(dir.resolve("a/b/mail.log"), "x\n");
    Files.writeString(dir.resolve("a/mail.log"), "y\n");
    assertThat(new PathScanner(List.of(dir + "/*/mail.log")).scan()).containsExactly(dir.resolve("a/mail.log"));
    assertThat(new PathScanner(List.of(dir + "/**/mail.log")).scan())
        .containsExactlyInAnyOrder(dir.resolve("a/mail.log"), dir.resolve("a/b/mail.log"));
  }
}
