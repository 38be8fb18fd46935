package sentinel.shipper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;

class ShipperConfigTest {
  private static ConfigSource source(Map<String, String> values) {
    return new ConfigSource(values, Map.of(), Map.of());
  }

  @Test
  void appliesTheDocumentedDefaults() {
    ShipperConfig c = ShipperConfig.from(source(Map.of("shipper.paths", "/var/log/mail.log, /var/log/exim4/*.log")));
    assertThat(c.paths()).containsExactly("/var/log/mail.log", "/var/log/exim4/*.log");
    assertThat(c.host()).isNotBlank();
    assertThat(c.checkpointFile()).isEqualTo(Path.of(".sentinel/shipper-checkpoint.json"));
    assertThat(c.maxLineBytes()).isEqualTo(64 * 1024);
    assertThat(c.maxInflightBytes()).isEqualTo(32L * 1024 * 1024);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.startAt()).isEqualTo(StartAt.BEGINNING);
    assertThat(c.rawTopic()).isEqualTo("mta.raw");
    assertThat(c.metrics().port()).isEqualTo(9401);
    assertThat(c.metrics().bind()).isEqualTo("127.0.0.1");
  }

  @Test
  void readsSizesWithUnitsAndStartAtEnd() {
    ShipperConfig c = ShipperConfig.from(source(Map.of("shipper.paths", "/x", "shipper.max.line.bytes", "16KiB",
        "shipper.max.inflight.bytes", "1MiB", "shipper.start.at", "END", "shipper.host", "mx1", "topics.raw", "raw2")));
    assertThat(c.maxLineBytes()).isEqualTo(16384);
    assertThat(c.maxInflightBytes()).isEqualTo(1 << 20);
    assertThat(c.startAt()).isEqualTo(StartAt.END);
    assertThat(c.host()).isEqualTo("mx1");
    assertThat(c.rawTopic()).isEqualTo("raw2");
  }

  @Test
  void namesTheKeyWhenAValueIsInvalid() {
    assertThatThrownBy(() -> ShipperConfig.from(source(Map.of())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("shipper.paths");
    assertThatThrownBy(() -> ShipperConfig.from(source(Map.of("shipper.paths", "/x", "shipper.start.at", "middle"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("shipper.start.at").hasMessageContaining("middle");
    assertThatThrownBy(() -> ShipperConfig.from(source(Map.of("shipper.paths", "/x", "shipper.max.line.bytes", "lots"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("shipper.max.line.bytes");
    assertThatThrownBy(() -> ShipperConfig.from(source(Map.of("shipper.paths", "/x", "shipper.max.inflight.bytes", "64KiB"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("shipper.max.inflight.bytes must be >= 8 x shipper.max.line.bytes");
  }

  @Test
  void passesKafkaKeysThroughWithoutThePrefix() {
    assertThat(ShipperConfig.producerProps(source(Map.of("kafka.bootstrap.servers", "b:9092", "kafka.linger.ms", "5"))))
        .containsEntry("bootstrap.servers", "b:9092").containsEntry("linger.ms", "5");
    assertThat(ShipperConfig.producerProps(source(Map.of()))).isEmpty();
  }
}
