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

  @Test
  void commitsInOrderAcrossManyWrapsOfTheRing() {
    // Given a tracker that keeps about 100 lines in flight while 10,000 pass through (the ring wraps many times)
    AckTracker acks = new AckTracker(0);
    long next = 0;
    long oldestUnacked = 0;
    for (int line = 0; line < 10_000; line++) {
      acks.register(next, next + 7);
      next += 7;
      if (line >= 100) {
        // When the oldest line is acknowledged
        acks.ack(oldestUnacked);
        oldestUnacked += 7;
        // Then the commit follows it exactly
        assertThat(acks.committed()).isEqualTo(oldestUnacked);
      }
    }
    assertThat(acks.unacknowledged()).isEqualTo(100);
    assertThat(acks.capacity()).isEqualTo(1024);
  }

  @Test
  void findsOutOfOrderAcknowledgementsAfterTheRingHasWrapped() {
    // Given a ring whose live lines straddle the end of its arrays
    AckTracker acks = new AckTracker(0);
    for (long start = 0; start < 1000 * 10; start += 10) {
      acks.register(start, start + 10);
    }
    for (long start = 0; start < 900 * 10; start += 10) {
      acks.ack(start);
    }
    for (long start = 1000 * 10; start < 1200 * 10; start += 10) {
      acks.register(start, start + 10);
    }
    assertThat(acks.capacity()).isEqualTo(1024);

    // When every line but the oldest is acknowledged, newest first
    for (long start = 1199 * 10; start > 900 * 10; start -= 10) {
      acks.ack(start);
    }
    // Then nothing more commits while the oldest is missing
    assertThat(acks.committed()).isEqualTo(9000);
    assertThat(acks.unacknowledged()).isEqualTo(300);

    // When the oldest arrives, everything commits
    acks.ack(9000);
    assertThat(acks.committed()).isEqualTo(12_000);
    assertThat(acks.unacknowledged()).isZero();
  }

  @Test
  void growsPastItsInitialCapacityKeepingOrderAndShrinksWhenEmpty() {
    // Given more lines in flight than the initial ring holds, registered after the ring has wrapped once
    AckTracker acks = new AckTracker(0);
    for (long start = 0; start < 600; start++) {
      acks.register(start, start + 1);
    }
    for (long start = 0; start < 600; start++) {
      acks.ack(start);
    }
    for (long start = 600; start < 600 + 5000; start++) {
      acks.register(start, start + 1);
    }
    assertThat(acks.capacity()).isGreaterThanOrEqualTo(5000);

    // When they are acknowledged in reverse order
    for (long start = 600 + 4999; start >= 600; start--) {
      assertThat(acks.committed()).isEqualTo(600);
      acks.ack(start);
    }

    // Then all commit once the oldest is in, and the ring gives its memory back
    assertThat(acks.committed()).isEqualTo(5600);
    assertThat(acks.unacknowledged()).isZero();
    assertThat(acks.capacity()).isEqualTo(1024);
  }

  @Test
  void handlesLinesWithGapsBetweenThem() {
    // Given lines that do not touch (bytes skipped between them), acknowledged out of order
    AckTracker acks = new AckTracker(50);
    acks.register(60, 70);
    acks.register(100, 120);
    acks.register(200, 210);
    acks.ack(100);
    acks.ack(150); // no line starts there
    assertThat(acks.committed()).isEqualTo(50);

    acks.ack(60);
    assertThat(acks.committed()).isEqualTo(120);
    acks.ack(200);
    assertThat(acks.committed()).isEqualTo(210);
  }

  @Test
  void rejectsALineThatStartsBeforeTheCommittedOffset() {
    AckTracker acks = new AckTracker(0);
    acks.register(0, 10);
    acks.ack(0);
    assertThatThrownBy(() -> acks.register(5, 15)).isInstanceOf(IllegalArgumentException.class);
  }
}
