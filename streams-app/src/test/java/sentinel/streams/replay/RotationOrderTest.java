package sentinel.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotationOrderTest {
  private static List<String> names(List<Path> paths) {
    return paths.stream().map(p -> p.getFileName().toString()).toList();
  }

  @Test
  void putsNumberedRotationsOldestFirstAndTheLiveFileLast() {
    List<Path> given = List.of(Path.of("logs/mail.log"), Path.of("logs/mail.log.1"), Path.of("logs/mail.log.10.gz"),
        Path.of("logs/mail.log.2.gz"));
    assertThat(names(RotationOrder.oldestFirst(given))).containsExactly("mail.log.10.gz", "mail.log.2.gz", "mail.log.1", "mail.log");
  }

  @Test
  void putsDateSuffixedRotationsInDateOrder() {
    List<Path> given = List.of(Path.of("maillog"), Path.of("maillog-20261124.gz"), Path.of("maillog-20261122"));
    assertThat(names(RotationOrder.oldestFirst(given))).containsExactly("maillog-20261122", "maillog-20261124.gz", "maillog");
  }

  @Test
  void keepsTheGivenOrderBetweenDifferentLogs() {
    List<Path> given = List.of(Path.of("mx2/mail.log"), Path.of("mx1/mail.log.1"), Path.of("mx2/mail.log.1"), Path.of("mx1/mail.log"));
    assertThat(RotationOrder.oldestFirst(given)).extracting(Path::toString)
        .containsExactly("mx2/mail.log.1", "mx2/mail.log", "mx1/mail.log.1", "mx1/mail.log");
  }
}
