package sentinel.shipper.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InflightBudgetTest {
  @Test
  void refusesWhatWouldPassTheCapUntilBytesAreReleased() {
    InflightBudget budget = new InflightBudget(1000);
    assertThat(budget.tryAcquire(600)).isTrue();
    assertThat(budget.tryAcquire(400)).isTrue();
    assertThat(budget.tryAcquire(1)).isFalse();
    assertThat(budget.used()).isEqualTo(1000);

    budget.release(600);

    assertThat(budget.tryAcquire(500)).isTrue();
    assertThat(budget.used()).isEqualTo(900);
  }

  @Test
  void acceptsOneRecordLargerThanTheCapWhenNothingIsInFlight() {
    InflightBudget budget = new InflightBudget(100);
    assertThat(budget.tryAcquire(150)).isTrue();
    assertThat(budget.tryAcquire(1)).isFalse();
  }
}
