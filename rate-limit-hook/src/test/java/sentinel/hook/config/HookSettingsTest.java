package sentinel.hook.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;

class HookSettingsTest {
  private static HookSettings from(Map<String, String> c) {
    return HookSettings.from(new ConfigSource(c, Map.of(), Map.of()));
  }

  @Test
  void defaultsToLoopbackPortsFailOpenAndADayLongRelease() {
    HookSettings s = from(Map.of());
    assertThat(s.postfix()).isEqualTo(new HookSettings.Endpoint("127.0.0.1", 10040));
    assertThat(s.exim()).isEqualTo(new HookSettings.Endpoint("127.0.0.1", 10041));
    assertThat(s.metrics().port()).isEqualTo(9403);
    assertThat(s.feedMaxAge()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.failClosed()).isFalse();
    assertThat(s.http().enabled()).isFalse();
    assertThat(s.releaseDefault()).isEqualTo(Duration.ofHours(24));
    assertThat(s.topic()).isEqualTo("sentinel.account-status");
    assertThat(s.postfixSocket()).isEmpty();
  }

  @Test
  void refusesAnHttpApiWithoutATokenAndNamesTheKey() {
    assertThatThrownBy(() -> from(Map.of("hook.http.enabled", "true")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("hook.http.token");
  }

  @Test
  void refusesACheckIntervalThatIsNotShorterThanTheMaximumAge() {
    assertThatThrownBy(() -> from(Map.of("hook.feed.max.age", "5s", "hook.feed.check.interval", "5s")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("hook.feed.check.interval");
    assertThatThrownBy(() -> from(Map.of("hook.feed.max.age", "soon")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("hook.feed.max.age");
  }
}
