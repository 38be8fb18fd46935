package sentinel.streams.faults;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sentinel.streams.model.AccountEvent;

/**
 * The monitor's per-account totals as the detectors receive them: the events the topology tied to
 * an account and moved, exactly once, to the account-keyed {@code account-events} topic.
 */
final class MonitorCounts {
  private MonitorCounts() {}

  /** The name Kafka Streams gives the topology's one repartition topic for {@code applicationId}. */
  static String accountEventsTopic(String applicationId) {
    return applicationId + "-" + sentinel.streams.SentinelTopology.ACCOUNT_EVENTS_TOPIC + "-repartition";
  }

  /** Everything a subject's minute ring holds: the hour ending at its newest minute. */
  static long hour(sentinel.streams.detect.MinuteCounts counts) {
    return counts.sum(counts.lastMinute(), sentinel.streams.detect.MinuteCounts.SPAN);
  }

  /** Per account: messages submitted and their recipients. */
  static Map<String, TrafficLog.Truth> perAccount(List<AccountEvent> events) {
    Map<String, TrafficLog.Truth> totals = new TreeMap<>();
    for (AccountEvent e : events) {
      if (e instanceof AccountEvent.MessageSubmitted m) {
        totals.merge(m.account(), new TrafficLog.Truth(1, m.recipients()),
            (a, b) -> new TrafficLog.Truth(a.messages() + b.messages(), a.recipients() + b.recipients()));
      }
    }
    return totals;
  }
}
