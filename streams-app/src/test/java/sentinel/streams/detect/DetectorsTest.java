package sentinel.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sentinel.common.config.ConfigSource;
import sentinel.streams.geo.GeoInfo;

/** The detectors' rules at their boundaries, on hand-built state (pure evaluate, no topology). */
class DetectorsTest {
  private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  private static final long M0 = T0.getEpochSecond() / 60;

  private static DetectionSettings settings(Map<String, String> overrides) {
    return DetectionSettings.from(new ConfigSource(overrides, Map.of(), Map.of()));
  }

  private static final DetectionSettings DEFAULTS = settings(Map.of("detection.geo.expected.countries", "DE,AT,CH"));

  /** An account that sent {@code perHour} messages (one recipient each) every hour for {@code hours} hours before T0. */
  private static SubjectState withHistory(int hours, int perHour) {
    SubjectState s = SubjectState.empty(T0.minus(Duration.ofDays(10)));
    for (long h = M0 / 60 - hours; h < M0 / 60; h++) {
      for (int i = 0; i < perHour; i++) {
        long minute = h * 60 + i % 60;
        s = s.withMessages(s.messages().add(minute, 1), s.recipients().add(minute, 1))
            .withBaseline(s.baseline().record(h, 1, DEFAULTS.volume()));
      }
    }
    return s;
  }

  private static SubjectState send(SubjectState s, long minute, int messages, int recipientsEach) {
    for (int i = 0; i < messages; i++) {
      s = s.withMessages(s.messages().add(minute, 1), s.recipients().add(minute, recipientsEach))
          .withBaseline(s.baseline().record(minute / 60, recipientsEach, DEFAULTS.volume()));
    }
    return s;
  }

  @Test
  void judgesALearnedAccountAgainstFactorTimesItsBusyHourPlusSlack() {
    VolumeSpikeDetector d = new VolumeSpikeDetector(DEFAULTS.volume());
    // Given 10 messages in every one of the last 24 hours: normal is 10/h, the 10-minute threshold 4 x 10 + 30 = 70
    SubjectState s = withHistory(24, 10);
    assertThat(s.baseline().learned(DEFAULTS.volume())).isTrue();
    // Then 69 messages in one minute are not a spike, the 70th is
    assertThat(d.evaluate(send(s, M0, 69, 1), M0)).isEmpty();
    Finding f = d.evaluate(send(s, M0, 70, 1), M0).orElseThrow();
    assertThat(f.window()).isEqualTo("10m");
    assertThat(f.observed()).isEqualTo(70);
    assertThat(f.baseline()).isEqualTo(10, org.assertj.core.data.Offset.offset(0.01));
    assertThat(f.reasons().get(0)).contains("70 messages").contains("about 10 messages");
  }

  @Test
  void usesTheAbsoluteCeilingWhileAnAccountHasNoHistory() {
    VolumeSpikeDetector d = new VolumeSpikeDetector(DEFAULTS.volume());
    SubjectState fresh = SubjectState.empty(T0);
    assertThat(d.evaluate(send(fresh, M0, 99, 1), M0)).isEmpty();
    assertThat(d.evaluate(send(fresh, M0, 100, 1), M0)).get().extracting(Finding::reasons).asList()
        .anySatisfy(r -> assertThat((String) r).contains("no learned baseline"));
  }

  @Test
  void doesNotLearnFromHoursJudgedCompromisedAndCapsWhatItLearnsFromOthers() {
    VolumeSettings v = DEFAULTS.volume();
    Baseline learned = withHistory(24, 10).baseline();
    // An hour of 5,000 messages while COMPROMISED teaches nothing
    Baseline b = learned;
    for (int i = 0; i < 5000; i++) {
      b = b.record(M0 / 60, 1, v);
    }
    Baseline afterCompromise = b.markCompromised().rollTo(M0 / 60 + 1, v);
    assertThat(afterCompromise.typicalMessages()).isEqualTo(learned.rollTo(M0 / 60 + 1, v).typicalMessages());
    // The same hour not judged COMPROMISED enters the typical figure only capped at 3 x normal (winsorised)
    Baseline afterSpike = b.rollTo(M0 / 60 + 1, v);
    double cap = v.learnCap() * Math.max(10, v.learnFloorMessages());
    assertThat((double) afterSpike.typicalMessages()).isLessThanOrEqualTo(v.alpha() * cap + (1 - v.alpha()) * 10 + 0.01);
    assertThat((double) afterSpike.peakMessages()).isLessThanOrEqualTo(v.peakLearnCap() * Math.max(10, v.learnFloorMessages()));
  }

  @Test
  void remembersAMonthlyPeakAtAboutSixtyPercentAMonthLater() {
    VolumeSettings v = DEFAULTS.volume();
    Baseline b = withHistory(24, 10).baseline();
    for (int i = 0; i < 800; i++) {
      b = b.record(M0 / 60, 1, v);
    }
    b = b.rollTo(M0 / 60 + 1, v);
    double monthLater = b.referenceMessages(M0 / 60 + 30 * 24, v);
    assertThat(monthLater).isBetween(0.6 * 800 * 0.95, 0.65 * 800);
  }

  @Test
  void treatsOneNewCountryAsWeakAndTwoWithinAnHourAsStrong() {
    LoginGeographyDetector d = new LoginGeographyDetector(DEFAULTS.geo());
    SubjectState s = SubjectState.empty(T0.minus(Duration.ofDays(10)));
    s = LoginHistory.record(s, new GeoInfo("DE", 0, Double.NaN, Double.NaN), M0 - 5000, DEFAULTS.geo());
    assertThat(d.evaluate(s, M0)).isEmpty();
    SubjectState oneNew = LoginHistory.record(s, new GeoInfo("BR", 0, Double.NaN, Double.NaN), M0, DEFAULTS.geo());
    assertThat(d.evaluate(oneNew, M0)).get().extracting(Finding::score).isEqualTo(1);
    SubjectState twoNew = LoginHistory.record(oneNew, new GeoInfo("VN", 0, Double.NaN, Double.NaN), M0 + 5, DEFAULTS.geo());
    Finding f = d.evaluate(twoNew, M0 + 5).orElseThrow();
    assertThat(f.score()).isEqualTo(2);
    assertThat(f.reasons().get(0)).contains("2 new countries").contains("BR, VN").contains("known: DE");
    // An expected country is never new, and labels are never countries
    SubjectState expected = LoginHistory.record(s, new GeoInfo("AT", 0, Double.NaN, Double.NaN), M0, DEFAULTS.geo());
    assertThat(d.evaluate(expected, M0)).isEmpty();
    assertThat(LoginHistory.record(s, GeoInfo.label(GeoInfo.PRIVATE), M0, DEFAULTS.geo()).countries()).containsOnlyKeys("DE");
  }

  @Test
  void flagsANewAccountLoggingInFromOutsideTheExpectedCountries() {
    LoginGeographyDetector d = new LoginGeographyDetector(DEFAULTS.geo());
    SubjectState fresh = SubjectState.empty(T0);
    assertThat(d.evaluate(LoginHistory.record(fresh, new GeoInfo("DE", 0, Double.NaN, Double.NaN), M0, DEFAULTS.geo()), M0)).isEmpty();
    Finding f = d.evaluate(LoginHistory.record(fresh, new GeoInfo("NG", 0, Double.NaN, Double.NaN), M0, DEFAULTS.geo()), M0).orElseThrow();
    assertThat(f.score()).isEqualTo(2);
    assertThat(f.reasons().get(0)).contains("new account").contains("NG").contains("AT,CH,DE");
  }

  @Test
  void marksImpossibleTravelOnlyBeyondTheSpeedAndDistanceLimits() {
    GeoSignalSettings g = DEFAULTS.geo();
    SubjectState s = SubjectState.empty(T0.minus(Duration.ofDays(10)));
    s = LoginHistory.record(s, new GeoInfo("DE", 0, 52.52, 13.40), M0, g); // Berlin
    // Madrid (about 1,870 km) three hours later is a flight; ten minutes later it is not possible
    assertThat(LoginHistory.record(s, new GeoInfo("ES", 0, 40.42, -3.70), M0 + 180, g).lastLocation().impossibleTravelMinute())
        .isEqualTo(Long.MIN_VALUE);
    assertThat(LoginHistory.record(s, new GeoInfo("ES", 0, 40.42, -3.70), M0 + 10, g).lastLocation().impossibleTravelMinute())
        .isEqualTo(M0 + 10);
    // Vienna (about 520 km) 10 minutes later: GeoIP noise below the distance floor? No: above 500 km and too fast
    assertThat(LoginHistory.record(s, new GeoInfo("AT", 0, 48.21, 16.37), M0 + 10, g).lastLocation().impossibleTravelMinute())
        .isEqualTo(M0 + 10);
    // Potsdam-like 30 km away at once is under the distance floor
    assertThat(LoginHistory.record(s, new GeoInfo("DE", 0, 52.40, 13.07), M0 + 1, g).lastLocation().impossibleTravelMinute())
        .isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void raisesABounceStormOnlyAboveTheMinimumVolumeAndNamesBlocklisting() {
    BounceStormDetector d = new BounceStormDetector(DEFAULTS.bounce());
    SubjectState s = send(SubjectState.empty(T0), M0, 39, 1);
    for (int i = 0; i < 39; i++) {
      s = s.withBounced(s.bounced().add(M0, 1), s.policyBounced());
    }
    assertThat(d.evaluate(s, M0)).as("39 recipients: below the minimum volume").isEmpty();
    SubjectState enough = send(s, M0, 1, 1);
    assertThat(d.evaluate(enough, M0)).get().extracting(Finding::type).isEqualTo(BounceStormDetector.TYPE);
    SubjectState policy = enough;
    for (int i = 0; i < 20; i++) {
      policy = policy.withBounced(policy.bounced(), policy.policyBounced().add(M0, 1));
    }
    Finding f = d.evaluate(policy, M0).orElseThrow();
    assertThat(f.reasons()).anySatisfy(r -> assertThat(r).contains("5.7.x").contains("blocklists"));
    assertThat(f.advice()).contains("blocklisted");
  }

  @Test
  void callsAnInboundBounceFloodBackscatterWithoutOutboundGrowthAndCorroborationWithIt() {
    BackscatterDetector d = new BackscatterDetector(DEFAULTS.bounce(), DEFAULTS.volume());
    SubjectState s = withHistory(24, 10);
    for (int i = 0; i < 30; i++) {
      s = s.withInboundBounces(s.inboundBounces().add(M0, 1));
    }
    assertThat(d.evaluate(s, M0)).get().extracting(Finding::type).isEqualTo(BackscatterDetector.TYPE);
    assertThat(d.evaluate(send(s, M0, 40, 1), M0)).get().extracting(Finding::type).isEqualTo(BackscatterDetector.CORROBORATES);
  }

  @Test
  void flagsAnIpLoggingInAsManyAccountsOfSeveralDomainsButNotAnOfficeBehindNat() {
    CredentialStuffingDetector d = new CredentialStuffingDetector(DEFAULTS.sourceIp());
    SubjectState office = SubjectState.empty(T0);
    for (int i = 0; i < 8; i++) {
      office = office.withPeer("staff" + i + "@one-company.example", M0, 16);
    }
    assertThat(d.evaluate(office, M0)).as("8 accounts of one domain").isEmpty();
    SubjectState stuffing = SubjectState.empty(T0);
    for (int i = 0; i < 5; i++) {
      stuffing = stuffing.withPeer("user@customer" + (i % 3) + ".example", M0, 16).withPeer("x" + i + "@customer" + i + ".example", M0, 16);
    }
    assertThat(d.evaluate(stuffing, M0)).get().extracting(Finding::type).isEqualTo(CredentialStuffingDetector.TYPE);
  }

  @Test
  void addsSignalScoresUpToOneVerdict() {
    VerdictCombiner c = new VerdictCombiner(DEFAULTS.verdict());
    Finding weak = new Finding("NEW_COUNTRY", 1, "60m", 1, 1, T0, List.of(), List.of("r"), "a");
    Finding strong = new Finding("VOLUME_SPIKE", 2, "10m", 100, 10, T0, List.of(), List.of("r"), "a");
    Finding backscatter = new Finding("BACKSCATTER", 0, "60m", 50, 0, T0, List.of(), List.of("r"), "a");
    assertThat(c.combine(List.of(weak))).isEmpty();
    assertThat(c.combine(List.of(strong))).get().extracting(Verdict::type).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(c.combine(List.of(strong, weak))).get().extracting(Verdict::type).isEqualTo(Verdict.COMPROMISED);
    assertThat(c.combine(List.of(backscatter))).get().extracting(Verdict::type).isEqualTo(Verdict.BACKSCATTER);
    assertThat(c.combine(List.of(backscatter, strong))).get().extracting(Verdict::type).isEqualTo(Verdict.SUSPICIOUS);
  }

  @Test
  void refusesThresholdsInTheWrongOrder() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings(Map.of("detection.verdict.compromised.score", "2")))
        .hasMessageContaining("detection.verdict.compromised.score must be > detection.verdict.suspicious.score");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings(Map.of("detection.volume.factor", "0.5")))
        .hasMessageContaining("detection.volume.factor must be > 1, was 0.5");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings(Map.of("detection.geo.expected.countries", "Germany")))
        .hasMessageContaining("detection.geo.expected.countries");
  }
}
