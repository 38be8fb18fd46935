package sentinel.streams.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of the live threads whose names match, from the JVM's {@link ThreadMXBean}: how the
 * benchmarks charge CPU to the component under test and not to the broker in the same JVM.
 */
final class ThreadCpu {
  private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
  private final Predicate<String> names;
  /** Last CPU seen per thread id, so threads that ended between samples still count. */
  private final Map<Long, Long> lastSeen = new HashMap<>();

  ThreadCpu(Predicate<String> names) {
    this.names = names;
  }

  /** Total CPU nanoseconds of matching threads so far (including ones that have ended since the last call). */
  synchronized long nanos() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (names.test(t.getName())) {
        long cpu = mx.getThreadCpuTime(t.getId());
        if (cpu >= 0) {
          lastSeen.put(t.getId(), cpu);
        }
      }
    }
    return lastSeen.values().stream().mapToLong(Long::longValue).sum();
  }
}
