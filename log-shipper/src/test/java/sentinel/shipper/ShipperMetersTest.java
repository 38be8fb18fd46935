package sentinel.shipper;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShipperMetersTest {
  @Test
  void inflightGaugeKeepsReportingAfterGarbageCollection() {
    // Given the in-flight gauge fed by a supplier only the meters see (as the Shipper passes budget::used)
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicLong used = new AtomicLong(4096);
    new ShipperMeters(registry, used::get);

    // When the garbage collector runs
    System.gc();

    // Then the gauge still reads the supplier, not NaN
    assertThat(registry.get("sentinel.shipper.inflight.bytes").gauge().value()).isEqualTo(4096.0);
  }
}
