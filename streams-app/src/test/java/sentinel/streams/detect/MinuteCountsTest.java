package sentinel.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MinuteCountsTest {
  @Test
  void sumsEqualAPlainCountOfWhatWasAddedWithinTheLastHourAndTheWindowAsked() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      MinuteCounts ring = MinuteCounts.empty();
      TreeMap<Long, Integer> added = new TreeMap<>();
      long minute = 29_000_000L + random.nextInt(120);
      for (int i = 0; i < 40; i++) {
        minute += random.nextInt(-5, 30);
        int n = random.nextInt(1, 4);
        MinuteCounts next = ring.add(minute, n);
        if (next != ring) {
          added.merge(minute, n, Integer::sum);
        }
        ring = next;
      }
      long last = ring.lastMinute();
      for (int q = 0; q < 20; q++) {
        long now = last + random.nextInt(-70, 70);
        int window = random.nextInt(-1, 90);
        assertThat(ring.sum(now, window)).as("trial %d, now %d, window %d", trial, now, window)
            .isEqualTo(expected(added, last, now, window));
      }
    }
  }

  /** What a sum must be: the counts added at minutes in the window that the ring still holds. */
  private static int expected(TreeMap<Long, Integer> added, long last, long now, int window) {
    int total = 0;
    for (var e : added.entrySet()) {
      long m = e.getKey();
      boolean inWindow = m <= now && m > now - Math.min(window, MinuteCounts.SPAN);
      boolean inRing = m <= last && m > last - MinuteCounts.SPAN;
      if (inWindow && inRing) {
        total += e.getValue();
      }
    }
    return total;
  }

  @Test
  void anEmptyRingSumsToZero() {
    assertThat(MinuteCounts.empty().sum(1_000, 60)).isZero();
  }

  @Test
  void aCountOlderThanTheRingIsNotAdded() {
    MinuteCounts ring = MinuteCounts.empty().add(1_000, 2);

    assertThat(ring.add(1_000 - MinuteCounts.SPAN, 5)).isSameAs(ring);
    assertThat(ring.sum(1_000, 60)).isEqualTo(2);
  }
}
