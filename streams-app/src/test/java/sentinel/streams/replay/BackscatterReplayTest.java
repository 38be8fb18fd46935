package sentinel.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentinel.streams.simulate.HostingSimulation;
import sentinel.streams.simulate.LeakedPasswordStory;
import sentinel.streams.simulate.Scenario;

/** The detection simulator's backscatter scenario, replayed from a log file like an admin's mail.log. */
class BackscatterReplayTest {
  @TempDir Path dir;

  @Test
  void tellsASpoofedInboxFromACompromisedAccountAndAdvisesDmarcNotAPasswordReset() throws Exception {
    HostingSimulation.Run run = HostingSimulation.build(Scenario.BACKSCATTER, new HostingSimulation.Settings(8, 3, 2, 42));
    Path log = dir.resolve("mail.log");
    Files.write(log, run.lines().stream().map(LeakedPasswordStory.TimedLine::line).toList());

    ReplayReport r = ReplayRunner.replay(ReplayOptions.of(List.of(log), dir).withYear(2026), Map.of());

    assertThat(r.verdicts()).extracting(ReplayReport.VerdictGroup::id).contains("backscatter").doesNotContain("compromised");
    ReplayReport.Finding inbox = r.verdicts().stream().filter(g -> g.id().equals("backscatter")).findFirst().orElseThrow()
        .findings().get(0);
    assertThat(inbox.subject()).isEqualTo(run.subject());
    assertThat(inbox.decision()).as("backscatter is no reason to hold the account's mail").isNull();
    assertThat(inbox.evidence().inboundBounces()).isPositive();
    assertThat(inbox.actions().get(0)).contains("Do not reset the password");
    assertThat(inbox.actions()).anySatisfy(a -> assertThat(a).contains("DMARC p=reject"));
  }
}
