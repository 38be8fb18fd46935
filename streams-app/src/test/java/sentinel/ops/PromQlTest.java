package sentinel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric-name reader the contract checks rely on: it must neither miss names nor invent them. */
class PromQlTest {

  @Test
  void findsEveryMetricAndNoLabelFunctionOrKeyword() {
    String expr = """
        histogram_quantile(0.99, sum by (le, instance) (rate(sentinel_hook_request_latency_seconds_bucket{job=~"hook", le!="x"}[5m])))
          / on (instance) group_left () max without (pod) (up{job="sentinel_monitor_total"} offset 1d)
          > scalar(sentinel:threshold:consumer_lag_records:warning) unless absent(kafka_stream_alive_stream_threads)
        """;

    assertThat(PromQl.metricNames(expr)).containsExactlyInAnyOrder(
        "sentinel_hook_request_latency_seconds_bucket", "up",
        "sentinel:threshold:consumer_lag_records:warning", "kafka_stream_alive_stream_threads");
  }

  @Test
  void grafanaVariablesBecomeValidPromQl() {
    String panel = "sum(increase(sentinel_account_sends_total{job=~\"$monitor_job\",account=\"${account}\"}[$__rate_interval])) "
        + "/ sum(increase(sentinel_events_total[${__range}]))";

    assertThat(PromQl.withGrafanaVariablesSubstituted(panel)).isEqualTo(
        "sum(increase(sentinel_account_sends_total{job=~\"x\",account=\"x\"}[5m])) / sum(increase(sentinel_events_total[5m]))");
  }

  @Test
  void histogramSeriesBelongToTheirFamily() {
    assertThat(PromQl.family("sentinel_pipeline_latency_seconds_bucket")).isEqualTo("sentinel_pipeline_latency_seconds");
    assertThat(PromQl.family("sentinel_pipeline_latency_seconds_count")).isEqualTo("sentinel_pipeline_latency_seconds");
    assertThat(PromQl.family("sentinel_events_total")).isEqualTo("sentinel_events_total");
  }
}
