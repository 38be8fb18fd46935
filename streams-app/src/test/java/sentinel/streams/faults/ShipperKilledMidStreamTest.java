package sentinel.streams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.common.testing.KafkaCluster;
import sentinel.shipper.ShipperMain;
import sentinel.shipper.testing.RawTopicReader;
import sentinel.streams.MonitorApp;
import sentinel.streams.config.MonitorConfig;
import sentinel.streams.model.AccountEvent;
import sentinel.streams.model.AccountEventSerde;

/**
 * The shipper, in its own JVM, is killed with SIGKILL three times mid-stream and restarted from its
 * checkpoint while the log is appended to and rotated (rename, and copytruncate both while the
 * shipper runs and while it is dead). Every line reaches mta.raw at least once, and the monitor,
 * which drops the re-sent lines by (fileId, offset), counts each account's messages and recipients
 * exactly as written.
 */
@ExtendWith(KafkaCluster.class)
class ShipperKilledMidStreamTest {
  private static final Logger LOG = LoggerFactory.getLogger(ShipperKilledMidStreamTest.class);
  private static final int KILLS = 3;
  private static final int ACCOUNTS = 8;
  /** Records the running shipper must have shipped (itself) before it is killed. */
  private static final int RECORDS_BEFORE_KILL = 300;

  @TempDir Path dir;

  @Test
  void monitorCountsEveryMessageOnceWhenTheShipperIsKilledHardThroughRotations(KafkaCluster.Broker broker) throws Exception {
    Instant began = Instant.now();
    // Given a monitor, a log being appended to and a glob that also matches the rotated files
    FaultRun run = new FaultRun(broker.bootstrapServers(), dir);
    Path log = dir.resolve("mail.log");
    run.set("shipper.paths", dir.resolve("mail.log*").toString())
        .set("shipper.checkpoint.file", dir.resolve("checkpoint.json").toString());
    Path config = run.writeTo(dir.resolve("run.properties"));
    RawTopicReader.createTopic(broker, run.rawTopic, 2);
    TrafficLog traffic = new TrafficLog("mx1", ACCOUNTS, 11);
    traffic.appendTo(log, 50);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ScheduledExecutorService appender = Executors.newSingleThreadScheduledExecutor();
    List<String> report = new ArrayList<>();
    List<ChildJvm> children = new ArrayList<>();
    try (MonitorApp monitor = MonitorApp.start(MonitorConfig.from(run.source()), registry, Clock.systemUTC());
        RawTopicReader raw = new RawTopicReader(broker, run.rawTopic, 2);
        CommittedTopic<AccountEvent> accountEvents = new CommittedTopic<>(broker.bootstrapServers(),
            MonitorCounts.accountEventsTopic(run.applicationId), new AccountEventSerde().deserializer())) {
      appender.scheduleWithFixedDelay(() -> traffic.appendTo(log, 1), 0, 40, TimeUnit.MILLISECONDS);

      // When the shipper is killed with SIGKILL three times, with a rotation in each life or death
      int rotation = 0;
      for (int life = 1; life <= KILLS; life++) {
        Instant started = Instant.now();
        ChildJvm shipper = ChildJvm.start(ShipperMain.class, dir.resolve("shipper-" + life + ".log"), "--config", config.toString());
        children.add(shipper);
        await().atMost(Duration.ofSeconds(60)).until(() -> shippedSince(raw, started) >= RECORDS_BEFORE_KILL / 2);
        synchronized (traffic) { // the appender writes under the same lock: no line falls between copy and truncate
          if (life == 2) {
            copytruncate(log, dir.resolve("mail.log.c" + ++rotation)); // while it runs
          } else {
            rename(log, dir.resolve("mail.log.r" + ++rotation));
          }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> shippedSince(raw, started) >= RECORDS_BEFORE_KILL);
        int exit = shipper.kill();
        if (life == 1) {
          synchronized (traffic) {
            copytruncate(log, dir.resolve("mail.log.c" + ++rotation)); // while it is dead
          }
        }
        report.add("life " + life + ": SIGKILL (exit " + exit + ") after " + raw.poll().size() + " records in mta.raw, "
            + traffic.lines() + " lines written");
      }
      // and restarted once more while the writing stops
      ChildJvm last = ChildJvm.start(ShipperMain.class, dir.resolve("shipper-last.log"), "--config", config.toString());
      children.add(last);
      appender.shutdown();
      assertThat(appender.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      long written = traffic.lines();
      await().atMost(Duration.ofSeconds(90)).until(() -> distinctLines(raw) >= written);

      // Then every line written is in mta.raw at least once
      assertThat(distinctLines(raw)).isEqualTo(written);
      // And the monitor counts each account's messages and recipients exactly once
      Map<String, TrafficLog.Truth> truth = traffic.truth();
      await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
          assertThat(MonitorCounts.perAccount(accountEvents.values())).isEqualTo(truth));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(counter(registry, "sentinel.parse.lines") + counter(registry, "sentinel.duplicates.dropped"))
              .isEqualTo(raw.poll().size()));
      assertThat(counter(registry, "sentinel.events", "type", "message")).isEqualTo(traffic.messages());
      Map<String, Long> expectedSends = new TreeMap<>();
      truth.forEach((a, t) -> expectedSends.put(a, t.messages()));
      // The detectors run behind the repartition: wait for them, then their totals must be exact.
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(accountSends(registry)).isEqualTo(expectedSends));
      truth.forEach((account, t) -> {
        var state = monitor.subjectStates().get(account);
        assertThat(MonitorCounts.hour(state.messages())).as(account + " messages").isEqualTo(t.messages());
        assertThat(MonitorCounts.hour(state.recipients())).as(account + " recipients").isEqualTo(t.recipients());
      });
      last.stop();

      long shipped = raw.poll().size();
      report.forEach(LOG::info);
      LOG.info("shipper kill test: {} lines written, {} records shipped to mta.raw ({} duplicates), {} distinct lines, "
              + "{} lines counted by the monitor, {} re-sent lines dropped; {} messages / {} recipients counted exactly; {} s",
          written, shipped, shipped - distinctLines(raw), distinctLines(raw), (long) counter(registry, "sentinel.parse.lines"),
          (long) counter(registry, "sentinel.duplicates.dropped"), traffic.messages(), traffic.recipients(),
          Duration.between(began, Instant.now()).toSeconds());
      assertThat(counter(registry, "sentinel.duplicates.dropped")).isEqualTo(shipped - written);
    } catch (AssertionError | RuntimeException e) {
      for (ChildJvm c : children) {
        LOG.error("shipper output:\n{}", c.output());
      }
      throw e;
    } finally {
      appender.shutdownNow();
      for (ChildJvm c : children) {
        if (c.alive()) {
          c.kill();
        }
      }
    }
  }

  /** Records this shipper life wrote (readAt is stamped by the child's clock). */
  private static long shippedSince(RawTopicReader raw, Instant started) {
    return raw.poll().stream().filter(r -> r.value().readAt().isAfter(started)).count();
  }

  /** Distinct (fileId, offset) pairs: lines, whatever the re-sends. */
  private static long distinctLines(RawTopicReader raw) {
    Set<String> seen = new HashSet<>();
    for (var r : raw.poll()) {
      RawLineEnvelope e = r.value();
      seen.add(e.fileId() + "@" + e.offset());
    }
    return seen.size();
  }

  private static void rename(Path log, Path to) throws java.io.IOException {
    Files.move(log, to, StandardCopyOption.ATOMIC_MOVE);
    Files.createFile(log);
  }

  /** Copy then truncate; the caller holds the writer's lock, so no line is written in between. */
  private static void copytruncate(Path log, Path to) throws java.io.IOException {
    Files.copy(log, to);
    Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** The monitor's own per-account series (every test account is among its top senders). */
  private static Map<String, Long> accountSends(PrometheusMeterRegistry registry) {
    Map<String, Long> sends = new TreeMap<>();
    registry.find("sentinel.account.sends").functionCounters()
        .forEach(c -> sends.put(c.getId().getTag("account"), (long) c.count()));
    return sends;
  }

  private static double counter(PrometheusMeterRegistry registry, String name, String... tags) {
    var search = registry.find(name).tags(tags);
    return search.counters().stream().mapToDouble(Counter::count).sum()
        + search.functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
  }
}
