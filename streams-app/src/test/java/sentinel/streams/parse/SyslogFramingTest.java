package sentinel.streams.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import sentinel.streams.parse.framing.FramedLine;
import sentinel.streams.parse.framing.SyslogFraming;

class SyslogFramingTest {
  private final SyslogFraming utc = new SyslogFraming(ZoneOffset.UTC);

  @Test
  void putsADecemberLineReadOnNewYearsDayInTheOldYear() {
    FramedLine l = utc.frame("Dec 31 23:59:58 mx1 postfix/qmgr[1]: ABC123DEF: removed", Instant.parse("2027-01-01T00:00:03Z")).orElseThrow();
    assertThat(l.time()).isEqualTo(Instant.parse("2026-12-31T23:59:58Z"));
  }

  @Test
  void putsAJanuaryLineReadOnNewYearsEveInTheNewYear() {
    Instant readAt = Instant.parse("2026-12-31T23:59:59Z");
    assertThat(utc.frame("Jan  1 00:00:01 mx1 postfix/qmgr[1]: ABC123DEF: removed", readAt).orElseThrow().time())
        .as("the MTA's clock a little ahead of the reader's").isEqualTo(Instant.parse("2027-01-01T00:00:01Z"));
  }

  @Test
  void readsEveryTimeOfADayTheSameWayWithTheDayCache() {
    Instant readAt = Instant.parse("2026-11-25T15:00:00Z");
    assertThat(utc.frame("Nov 25 14:14:40 mx1 postfix/smtp[6]: x", readAt).orElseThrow().time()).isEqualTo(Instant.parse("2026-11-25T14:14:40Z"));
    assertThat(utc.frame("Nov 25 00:00:00 mx1 postfix/smtp[6]: x", readAt).orElseThrow().time()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
    assertThat(utc.frame("Nov  5 23:59:59 mx1 postfix/smtp[6]: x", readAt).orElseThrow().time()).isEqualTo(Instant.parse("2026-11-05T23:59:59Z"));
  }

  @Test
  void readsClassicTimesInTheConfiguredZoneAcrossADaylightSavingChange() {
    SyslogFraming berlin = new SyslogFraming(ZoneId.of("Europe/Berlin"));
    Instant readAt = Instant.parse("2026-10-26T12:00:00Z");
    assertThat(berlin.frame("Oct 25 01:30:00 mx1 postfix/smtp[6]: x", readAt).orElseThrow().time()).isEqualTo(Instant.parse("2026-10-24T23:30:00Z"));
    assertThat(berlin.frame("Oct 25 04:30:00 mx1 postfix/smtp[6]: x", readAt).orElseThrow().time()).isEqualTo(Instant.parse("2026-10-25T03:30:00Z"));
  }

  @Test
  void readsRfc5424AndRfc3339FramesWithTheirOwnOffsets() {
    FramedLine a = utc.frame("<22>1 2026-11-25T15:17:16.469785+01:00 mx1 postfix 7420 - -  7202D162132: removed", Instant.EPOCH).orElseThrow();
    assertThat(a.time()).isEqualTo(Instant.parse("2026-11-25T14:17:16.469785Z"));
    assertThat(a.program()).isEqualTo("postfix");
    assertThat(a.message()).isEqualTo("7202D162132: removed");
    assertThat(a.pid()).isEqualTo("7420");
    FramedLine b = utc.frame("2026-11-25T14:20:00.283081+00:00 mx2 exim[10745]: 1xWDqq-0002nJ-0u Completed", Instant.EPOCH).orElseThrow();
    assertThat(b.host()).isEqualTo("mx2");
    assertThat(b.program()).isEqualTo("exim");
    assertThat(b.pid()).isEqualTo("10745");
  }

  @Test
  void readsTimestampsByIndexExactlyAsJavaTimeWould() {
    // Exim mainlog with log_timezone, RFC 3339 with fractions and offsets, a leap day
    assertThat(utc.frame("2026-11-25 14:20:00 +0100 1xWDqq-0002nJ-0u Completed", Instant.EPOCH).orElseThrow().time())
        .isEqualTo(Instant.parse("2026-11-25T13:20:00Z"));
    assertThat(utc.frame("2026-11-25T14:20:00.123456-05:30 mx2 exim[1]: x", Instant.EPOCH).orElseThrow().time())
        .isEqualTo(Instant.parse("2026-11-25T19:50:00.123456Z"));
    assertThat(utc.frame("2024-02-29T23:59:59.5Z mx2 exim[1]: x", Instant.EPOCH).orElseThrow().time())
        .isEqualTo(Instant.parse("2024-02-29T23:59:59.500Z"));
    assertThat(utc.frame("<22>1 1969-12-31T23:59:59Z mx1 postfix 7 - -  x", Instant.EPOCH).orElseThrow().time())
        .isEqualTo(Instant.parse("1969-12-31T23:59:59Z"));
    // and dates or times that do not exist are no frame, as before
    assertThat(utc.frame("2026-02-29T14:20:00Z mx2 exim[1]: x", Instant.EPOCH)).isEmpty();
    assertThat(utc.frame("2026-11-25 24:20:00 1xWDqq-0002nJ-0u Completed", Instant.EPOCH)).isEmpty();
    assertThat(utc.frame("2026-13-25 14:20:00 1xWDqq-0002nJ-0u Completed", Instant.EPOCH)).isEmpty();
  }

  @Test
  void rejectsLinesWithoutAFrame() {
    assertThat(utc.frame("Nov 25 1x:14:40 mx1 postfix/smtp[6]: x", Instant.EPOCH)).isEmpty();
    assertThat(utc.frame("short", Instant.EPOCH)).isEmpty();
  }
}
