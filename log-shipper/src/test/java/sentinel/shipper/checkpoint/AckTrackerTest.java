package sentinel.shipper.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AckTrackerTest {
  @Test
  void advancesOnlyToTheHighestContiguousAcknowledgedLine() {
    // Given three lines [0,10) [10,25) [25,40) sent in order from offset 0
    AckTracker acks = new AckTracker(0);
    acks.register(0, 10);
    acks.register(10, 25);
    acks.register(25, 40);

    // When the last and the middle line are acknowledged first
    acks.ack(25);
    acks.ack(10);
    // Then nothing is committed: the first line could still be lost
    assertThat(acks.committed()).isEqualTo(0);
    assertThat(acks.unacknowledged()).isEqualTo(3);

    // When the first line is acknowledged, the whole run commits at once
    acks.ack(0);
    assertThat(acks.committed()).isEqualTo(40);
    assertThat(acks.unacknowledged()).isZero();
  }

  @Test
  void stopsAtAGap() {
    AckTracker acks = new AckTracker(100);
    acks.register(100, 110);
    acks.register(110, 120);
    acks.register(120, 130);
    acks.ack(100);
    acks.ack(120);
    assertThat(acks.committed()).isEqualTo(110);
    assertThat(acks.unacknowledged()).isEqualTo(2);
  }

  @Test
  void ignoresAcknowledgementsOfUnknownOrAlreadyCommittedLines() {
    AckTracker acks = new AckTracker(0);
    acks.register(0, 5);
    acks.ack(0);
    acks.ack(0);
    acks.ack(999);
    assertThat(acks.committed()).isEqualTo(5);
  }

  @Test
  void startsCommittedAtItsStartOffset() {
    assertThat(new AckTracker(4096).committed()).isEqualTo(4096);
  }

  @Test
  void rejectsLinesRegisteredOutOfFileOrder() {
    AckTracker acks = new AckTracker(0);
    acks.register(10, 20);
    assertThatThrownBy(() -> acks.register(5, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of order");
  }
}
