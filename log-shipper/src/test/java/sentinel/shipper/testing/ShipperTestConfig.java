package sentinel.shipper.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import sentinel.common.config.ConfigSource;
import sentinel.shipper.config.ShipperConfig;

/** Settings for tests: short intervals so rotations and checkpoints happen within a test's time. */
public final class ShipperTestConfig {
  private ShipperTestConfig() {}

  public static Map<String, String> values(String paths, Path checkpoint, String topic) {
    Map<String, String> v = new HashMap<>();
    v.put("shipper.paths", paths);
    v.put("shipper.host", "mx-test-1");
    v.put("shipper.checkpoint.file", checkpoint.toString());
    v.put("shipper.poll.interval", "50ms");
    v.put("shipper.checkpoint.interval", "200ms");
    v.put("shipper.close.inactive", "1s");
    v.put("shipper.copy.wait", "3s");
    v.put("shipper.shutdown.timeout", "10s");
    v.put("topics.raw", topic);
    return v;
  }

  public static ShipperConfig config(Map<String, String> values) {
    return ShipperConfig.from(new ConfigSource(values, Map.of(), Map.of()));
  }
}
