package sentinel.hook.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import sentinel.common.config.ConfigSource;
import sentinel.hook.config.HookSettings;

/** Settings and topics for tests that run the hook against a real broker. */
public final class HookFixtures {
  public static final String TOKEN = "test-token-0123456789abcdef";

  private HookFixtures() {}

  /** A fresh, compacted account-status topic with a unique name. */
  public static String newTopic(String bootstrap) {
    String topic = "hook-test-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(Set.of(new NewTopic(topic, 3, (short) 1)
              .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
          .all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create " + topic, e);
    }
    return topic;
  }

  /** Every listener on a free loopback port, the HTTP API on, and {@code extra} on top. */
  public static HookSettings settings(String bootstrap, String topic, Map<String, String> extra) {
    Map<String, String> c = new HashMap<>();
    c.put("kafka.bootstrap.servers", bootstrap);
    c.put("topics.account-status", topic);
    c.put("hook.postfix.port", "0");
    c.put("hook.exim.port", "0");
    c.put("hook.metrics.port", "0");
    c.put("hook.http.enabled", "true");
    c.put("hook.http.port", "0");
    c.put("hook.http.token", TOKEN);
    c.put("hook.local.host", "mx1");
    c.putAll(extra);
    return HookSettings.from(new ConfigSource(c, Map.of(), Map.of()));
  }
}
