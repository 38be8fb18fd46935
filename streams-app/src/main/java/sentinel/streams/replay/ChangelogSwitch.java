package sentinel.streams.replay;

import java.lang.reflect.Field;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.internals.InternalTopologyBuilder;
import org.apache.kafka.streams.processor.internals.StoreFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns off the changelogs of a built topology's state stores, for the replay only. A replay starts
 * from nothing and never restores, yet with changelogs on every store write also becomes a record the
 * test driver captures, matches against its source topics with freshly compiled regexes, and keeps
 * until it is read: about a sixth of the replay's time. The live monitor's topology is built by the
 * same {@code SentinelTopology.build} and keeps its changelogs; only this copy is changed.
 *
 * <p>{@link Topology} keeps its builder in a protected field, so this reaches it by reflection. If a
 * Kafka upgrade moves it, the replay logs a warning and runs with changelogs: slower, same report.
 */
final class ChangelogSwitch {
  private static final Logger LOG = LoggerFactory.getLogger(ChangelogSwitch.class);

  private ChangelogSwitch() {}

  /** @return true when every store of {@code topology} now writes no changelog */
  static boolean disable(Topology topology) {
    try {
      Field field = Topology.class.getDeclaredField("internalTopologyBuilder");
      field.setAccessible(true);
      InternalTopologyBuilder builder = (InternalTopologyBuilder) field.get(topology);
      for (StoreFactory store : builder.stateStores().values()) {
        store.withLoggingDisabled();
      }
      return builder.stateStores().values().stream().noneMatch(StoreFactory::loggingEnabled);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot turn off the state stores' changelogs for the replay; it runs slower with them", e);
      return false;
    }
  }
}
