package sentinel.common.kafka;

import sentinel.common.config.ConfigException;
import sentinel.common.config.ConfigSource;

/**
 * Names and sizes of the topics the system shares (DESIGN.md "Topics"); everything else is internal
 * to the topology.
 *
 * @param raw raw MTA lines, keyed by host
 * @param alerts alert episodes
 * @param accountStatus compacted per-account decisions
 * @param deadLetter records that could not be read, with the reason
 * @param partitions partitions for topics this process creates
 * @param replication replication factor for topics this process creates
 */
public record TopicSettings(
    String raw, String alerts, String accountStatus, String deadLetter, int partitions, short replication) {

  public TopicSettings {
    ConfigException.require(partitions > 0, "topics.partitions must be > 0, was " + partitions);
    ConfigException.require(replication > 0, "topics.replication must be > 0, was " + replication);
  }

  public static TopicSettings from(ConfigSource c) {
    return new TopicSettings(
        c.string("topics.raw", "mta.raw"),
        c.string("topics.alerts", "sentinel.alerts"),
        c.string("topics.account-status", "sentinel.account-status"),
        c.string("topics.dlq", "sentinel.dlq"),
        c.integer("topics.partitions", 6),
        (short) c.integer("topics.replication", 1));
  }

  public static TopicSettings defaults() {
    return from(ConfigSource.empty());
  }
}
