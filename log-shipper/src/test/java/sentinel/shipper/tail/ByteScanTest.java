package sentinel.shipper.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ByteScanTest {
  /** Every byte value that matters, and neighbours that must not match. */
  private static final byte[] PROBES = {'\n', '\r', '\t', 0x00, 0x1f, 0x20, 0x21, '"', '#', '\\', ']', 0x7f,
      (byte) 0x80, (byte) 0xc3, (byte) 0xff, 'a', '0'};

  @Test
  void findsTheFirstNewlineAtEveryPositionAndAlignment() {
    for (int length = 0; length <= 40; length++) {
      for (int from = 0; from < 9; from++) {
        for (int at = from; at <= from + length; at++) {
          for (byte probe : PROBES) {
            byte[] b = filled(from + length + 3, (byte) 'x');
            if (at < from + length) {
              b[at] = probe;
            }
            int end = from + length;
            assertThat(ByteScan.indexOfNewline(b, from, end)).as("newline, probe %d at %d in [%d,%d)", probe, at, from, end)
                .isEqualTo(naive(b, from, end, c -> c == '\n'));
            assertThat(ByteScan.indexOfJsonSpecial(b, from, end)).as("special, probe %d at %d in [%d,%d)", probe, at, from, end)
                .isEqualTo(naive(b, from, end, c -> c < 0x20 || c == '"' || c == '\\'));
          }
        }
      }
    }
  }

  @Test
  void agreesWithAByteByByteScanOnRandomText() {
    // Given random lines where each special byte is rare, so hits fall at every offset within a word
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[random.nextInt(1, 120)];
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextInt(12) == 0 ? PROBES[random.nextInt(PROBES.length)] : (byte) random.nextInt(0x23, 0x5b);
      }
      int from = random.nextInt(b.length);

      // Then the word-at-a-time searches find exactly what a bytewise scan finds
      assertThat(ByteScan.indexOfNewline(b, from, b.length)).isEqualTo(naive(b, from, b.length, c -> c == '\n'));
      assertThat(ByteScan.indexOfJsonSpecial(b, from, b.length))
          .isEqualTo(naive(b, from, b.length, c -> c < 0x20 || c == '"' || c == '\\'));
    }
  }

  @Test
  void neverLooksPastTheEnd() {
    byte[] b = filled(16, (byte) 'x');
    b[8] = '\n';
    b[9] = '"';
    assertThat(ByteScan.indexOfNewline(b, 0, 8)).isEqualTo(8);
    assertThat(ByteScan.indexOfJsonSpecial(b, 0, 9)).isEqualTo(8);
    assertThat(ByteScan.indexOfJsonSpecial(b, 2, 8)).isEqualTo(8);
  }

  private interface BytePredicate {
    boolean test(byte c);
  }

  private static int naive(byte[] b, int from, int end, BytePredicate p) {
    for (int i = from; i < end; i++) {
      if (p.test(b[i])) {
        return i;
      }
    }
    return end;
  }

  private static byte[] filled(int n, byte value) {
    byte[] b = new byte[n];
    Arrays.fill(b, value);
    return b;
  }
}
