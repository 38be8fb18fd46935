package sentinel.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sentinel.common.config.ConfigSource;
import sentinel.common.json.Json;
import sentinel.streams.geo.GeoInfo;

class SubjectStateSerdeTest {
  private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  private final DetectionSettings settings = DetectionSettings.from(new ConfigSource(Map.of(), Map.of(), Map.of()));

  /** The worst realistic account: an hour of mail every minute, all bounded collections full, three open episodes. */
  private SubjectState busyAccount() {
    SubjectState s = SubjectState.empty(T0.minusSeconds(40L * 86400));
    long start = T0.getEpochSecond() / 60;
    for (int m = 0; m < 60; m++) {
      long minute = start + m;
      s = s.withMessages(s.messages().add(minute, 40 + m), s.recipients().add(minute, 300 + m))
          .withBounced(s.bounced().add(minute, 30 + m), s.policyBounced().add(minute, 5))
          .withAuthFailures(s.authFailures().add(minute, 3))
          .withInboundBounces(s.inboundBounces().add(minute, 7))
          .withBaseline(s.baseline().record(minute / 60, 5, settings.volume()))
          .withClientIp("203.0.113." + (100 + m), minute, settings.trackedClientIps());
    }
    String[] countries = {"DE", "AT", "CH", "BR", "VN", "IN", "RU", "CN", "NG", "ID", "US", "ES", "FR", "IT"};
    for (int i = 0; i < countries.length; i++) {
      s = LoginHistory.record(s, new GeoInfo(countries[i], 0, 10 + i, 20 + i), start + 60 + i, settings.geo());
    }
    Map<String, Episode> episodes = new HashMap<>();
    for (String type : new String[] {"SUSPICIOUS", "COMPROMISED", "BACKSCATTER"}) {
      episodes.put(type, new Episode(type, T0, T0.plusSeconds(3000)));
    }
    return s.withEpisodes(episodes);
  }

  @Test
  void roundTripsEveryField() {
    SubjectState state = busyAccount();
    assertThat(SubjectStateSerde.read(SubjectStateSerde.write(state))).isEqualTo(state);
    SubjectState empty = SubjectState.empty(T0);
    assertThat(SubjectStateSerde.read(SubjectStateSerde.write(empty))).isEqualTo(empty);
  }

  @Test
  void keepsABusyAccountsStateUnderOneKibibyte() throws Exception {
    SubjectState state = busyAccount();
    int binary = SubjectStateSerde.write(state).length;
    int json = Json.newMapper().writeValueAsBytes(state).length;
    System.out.printf("subject state, busy account: %d bytes binary, %d bytes as JSON%n", binary, json);
    assertThat(binary).isLessThanOrEqualTo(1024);
    assertThat(binary).as("smaller than JSON").isLessThan(json / 3);
    SubjectState quiet = SubjectState.empty(T0).withMessages(MinuteCounts.empty().add(T0.getEpochSecond() / 60, 1), MinuteCounts.empty().add(T0.getEpochSecond() / 60, 2))
        .withClientIp("81.10.0.5", T0.getEpochSecond() / 60, 16);
    System.out.printf("subject state, ordinary account: %d bytes binary%n", SubjectStateSerde.write(quiet).length);
    assertThat(SubjectStateSerde.write(quiet).length).isLessThan(100);
  }

  @Test
  void refusesAStateOfAnUnknownVersion() {
    byte[] bytes = SubjectStateSerde.write(SubjectState.empty(T0));
    bytes[0] = 99;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubjectStateSerde.read(bytes))
        .hasMessageContaining("unknown version 99");
  }

  @Test
  void onlyCanonicalDottedQuadsAreStoredAsFourBytes() {
    assertThat(SubjectStateSerde.canonicalIpv4("203.0.113.7")).isEqualTo(0xCB007107L);
    assertThat(SubjectStateSerde.canonicalIpv4("0.0.0.0")).isZero();
    assertThat(SubjectStateSerde.canonicalIpv4("255.255.255.255")).isEqualTo(0xFFFFFFFFL);
    for (String notCanonical : new String[] {"010.0.0.1", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.4.",
        ".1.2.3", "ip:1.2.3.4", "2001:db8::1", "1.2.3.-4", "1.2.3.4 "}) {
      assertThat(SubjectStateSerde.canonicalIpv4(notCanonical)).as(notCanonical).isEqualTo(-1);
    }
  }
}
