package sentinel.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictsTest {
  @Test
  void putsASubjectInItsMostUrgentVerdict() {
    assertThat(Verdicts.groupOf("a@example.test", List.of("VOLUME_SPIKE", "COMPROMISED")).id()).isEqualTo("compromised");
    assertThat(Verdicts.groupOf("a@example.test", List.of("BACKSCATTER")).id()).isEqualTo("backscatter");
    assertThat(Verdicts.groupOf("ip:203.0.113.9", List.of("BRUTE_FORCE")).id()).isEqualTo("bruteforce");
  }

  @Test
  void showsAnAlertTypeItDoesNotKnowInTheCatchAllGroupOfItsSubjectKind() {
    assertThat(Verdicts.groupOf("a@example.test", List.of("SOMETHING_NEW")).id()).isEqualTo("suspicious");
    assertThat(Verdicts.groupOf("ip:203.0.113.9", List.of("SOMETHING_NEW")).id()).isEqualTo("other-ips");
    assertThat(Verdicts.knows("SOMETHING_NEW")).as("its detector's advice is shown").isFalse();
    assertThat(Verdicts.knows("BACKSCATTER")).isTrue();
  }
}
