package sentinel.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sentinel.common.testing.KafkaCluster;
import sentinel.streams.bench.BenchCorpus.Corpus;

/**
 * Tiny versions of every benchmark, so they do not rot: each runs end to end on the real broker
 * and produces sane figures. No timing is asserted (that is what {@code ./sentinel bench} is for).
 */
@ExtendWith(KafkaCluster.class)
class BenchSmokeTest {
  private static final int PARTITIONS = 3;

  @Test
  void corpusSpreadsRealisticLinesOverEveryHost(@TempDir Path dir) {
    Corpus corpus = BenchCorpus.write(dir, new CorpusSpec(3000, 6, 200, 60, CorpusSpec.EPOCH, 1));

    assertThat(corpus.files()).hasSize(6).allSatisfy(f -> assertThat(f.lines()).isPositive());
    assertThat(corpus.lines()).isBetween(3000L, 3100L);
    assertThat((double) corpus.bytes() / corpus.lines()).isBetween(120.0, 200.0);
  }

  @Test
  void shipperBenchMeasuresShipperAndBareProducer(KafkaCluster.Broker broker, @TempDir Path dir) throws Exception {
    Corpus corpus = BenchCorpus.write(dir.resolve("corpus"), new CorpusSpec(1000, 2, 200, 60, CorpusSpec.EPOCH, 2));
    try (BenchKafka kafka = BenchKafka.start(dir, broker.bootstrapServers(), PARTITIONS)) {
      ShipperBench.Outcome o = new ShipperBench(kafka, corpus, dir, PARTITIONS, 0.0, Optional.empty()).run(1, false);

      assertThat(o.shipper().values()).singleElement().satisfies(v -> assertThat(v).isPositive());
      assertThat(o.bare().values()).singleElement().satisfies(v -> assertThat(v).isPositive());
      assertThat(o.shipperRecordBytes()).isPositive();
    }
  }

  @Test
  void topologyBenchRunsMonitorNaiveAppAndFloor(KafkaCluster.Broker broker, @TempDir Path dir) throws Exception {
    Corpus corpus = BenchCorpus.write(dir.resolve("corpus"), new CorpusSpec(1000, 3, 200, 60, CorpusSpec.EPOCH, 3));
    try (BenchKafka kafka = BenchKafka.start(dir, broker.bootstrapServers(), PARTITIONS)) {
      Map<TopologyBench.Key, TopologyBench.Result> res = new TopologyBench(kafka, corpus, dir, PARTITIONS, 1)
          .run(1, List.of("at_least_once"), List.of(TopologyBench.App.values()), false);

      assertThat(res).hasSize(3).allSatisfy((k, s) -> {
        assertThat(s.rate().median()).isPositive().isFinite();
        assertThat(s.cpuMicrosPerRecord().median()).isPositive().isFinite();
      });
    }
  }

  @Test
  void latencyBenchTimesAlertDecisionAndHookHoldOfEveryInjectedAttack(KafkaCluster.Broker broker, @TempDir Path dir)
      throws Exception {
    try (BenchKafka kafka = BenchKafka.start(dir, broker.bootstrapServers(), PARTITIONS)) {
      LatencyBench.Outcome o = new LatencyBench(kafka, dir, PARTITIONS).run(new LatencyBench.Settings(
          2, 100, 200, 2, Duration.ofSeconds(2), Duration.ofSeconds(2), 110, Duration.ofSeconds(30), Duration.ofMillis(20)));

      assertThat(o.alertMillis().values()).hasSize(2).allSatisfy(ms -> assertThat(ms).isPositive());
      assertThat(o.decisionMillis().values()).hasSize(2).allSatisfy(ms -> assertThat(ms).isPositive());
      // every injected attack was answered HOLD by the real hook, to a Postfix policy request
      assertThat(o.holdMillis().values()).hasSize(2).allSatisfy(ms -> assertThat(ms).isPositive());
      assertThat(o.allAnswered()).isTrue();
      assertThat(o.probeRequests()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void stateBenchMeasuresBytesPerAccountAndRestoresFromTheChangelog(KafkaCluster.Broker broker, @TempDir Path dir)
      throws Exception {
    try (BenchKafka kafka = BenchKafka.start(dir, broker.bootstrapServers(), PARTITIONS)) {
      StateBench.Outcome o = new StateBench(kafka, dir, PARTITIONS).run(200, 2);

      assertThat(o.events()).isEqualTo(200L * 4);
      assertThat(o.storeBytesPerAccount()).isBetween(50.0, 10_000.0);
      assertThat(o.restoredRecords()).isGreaterThanOrEqualTo(200);
      assertThat(o.restoreSeconds()).isPositive();
    }
  }
}
