package sentinel.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class CounterFamilyTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void eachTagCombinationIsItsOwnRegisteredCounterAndIsReused() {
    CounterFamily lines = new CounterFamily(registry, "test.lines", "Lines", "mta", "outcome");

    lines.get("postfix", "parsed").increment();
    lines.get("postfix", "parsed").increment();
    lines.get("postfix", "ignored").increment();
    lines.get("exim", "parsed").increment();

    assertThat(lines.get("postfix", "parsed")).isSameAs(lines.get("postfix", "parsed"));
    assertThat(registry.get("test.lines").tag("mta", "postfix").tag("outcome", "parsed").counter().count()).isEqualTo(2);
    assertThat(registry.get("test.lines").tag("mta", "postfix").tag("outcome", "ignored").counter().count()).isEqualTo(1);
    assertThat(registry.get("test.lines").tag("mta", "exim").tag("outcome", "parsed").counter().count()).isEqualTo(1);
    assertThat(registry.get("test.lines").counters()).hasSize(3);
  }

  @Test
  void threeTagsAndOneTagWork() {
    CounterFamily unsupported = new CounterFamily(registry, "test.unsupported", "U", "mta", "program", "reason");
    CounterFamily dlq = new CounterFamily(registry, "test.dlq", "D", "reason");

    unsupported.get("postfix", "smtpd", "unknown line shape").increment();
    dlq.get("not json").increment();

    assertThat(registry.get("test.unsupported").tag("program", "smtpd").tag("reason", "unknown line shape").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("test.dlq").tag("reason", "not json").counter().count()).isEqualTo(1);
  }

  @Test
  void askingWithTheWrongNumberOfTagValuesIsAProgrammingError() {
    CounterFamily dlq = new CounterFamily(registry, "test.dlq", "D", "reason");

    assertThatThrownBy(() -> dlq.get("a", "b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
  }
}
