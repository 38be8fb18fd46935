package sentinel.streams.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One counter name with fixed tag keys, its counters looked up by tag values. Building and registering
 * a {@code Counter} per increment (a builder, an id, the registry's lookup) showed in the monitor's
 * profile: these counters are touched for every line and event. Callers keep the tag values bounded.
 */
final class CounterFamily {
  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final List<String> tagKeys;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  /** Two-tag counters by first then second value: no key string built per increment. */
  private final Map<String, Map<String, Counter>> pairs = new ConcurrentHashMap<>();

  CounterFamily(MeterRegistry registry, String name, String description, String... tagKeys) {
    this.registry = registry;
    this.name = name;
    this.description = description;
    this.tagKeys = List.of(tagKeys);
  }

  Counter get(String value) {
    requireTags(1);
    Counter c = counters.get(value);
    return c != null ? c : counters.computeIfAbsent(value, v -> register(value));
  }

  Counter get(String first, String second) {
    requireTags(2);
    Map<String, Counter> byFirst = pairs.get(first);
    if (byFirst == null) {
      byFirst = pairs.computeIfAbsent(first, f -> new ConcurrentHashMap<>());
    }
    Counter c = byFirst.get(second);
    return c != null ? c : byFirst.computeIfAbsent(second, s -> register(first, second));
  }

  Counter get(String first, String second, String third) {
    requireTags(3);
    return counters.computeIfAbsent(first + '\u0000' + second + '\u0000' + third, k -> register(first, second, third));
  }

  private Counter register(String... values) {
    Counter.Builder b = Counter.builder(name).description(description);
    for (int i = 0; i < values.length; i++) {
      b.tag(tagKeys.get(i), values[i]);
    }
    return b.register(registry);
  }

  private void requireTags(int n) {
    if (tagKeys.size() != n) {
      throw new IllegalArgumentException(name + " has tags " + tagKeys + ", not " + n);
    }
  }
}
