package sentinel.shipper.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineDecoderTest {
  private final LineDecoder decoder = new LineDecoder();

  @Test
  void decodesValidUtf8Unchanged() {
    byte[] b = "from=<jörg@exämple.de> 送信".getBytes(StandardCharsets.UTF_8);
    LineDecoder.Decoded d = decoder.decode(new RawLine(0, b.length + 1, b, false));
    assertThat(d.text()).isEqualTo("from=<jörg@exämple.de> 送信");
    assertThat(d.invalidUtf8()).isFalse();
  }

  @Test
  void replacesInvalidBytesAndSaysSo() {
    byte[] b = {'a', (byte) 0xC3, '(', 'b', (byte) 0xFF};
    LineDecoder.Decoded d = decoder.decode(new RawLine(0, 6, b, false));
    assertThat(d.text()).isEqualTo("a\uFFFD(b\uFFFD");
    assertThat(d.invalidUtf8()).isTrue();
  }

  @Test
  void dropsAMultiByteCharacterCutByTruncationInsteadOfCallingItInvalid() {
    byte[] full = "ab€".getBytes(StandardCharsets.UTF_8); // € is 3 bytes
    byte[] cut = java.util.Arrays.copyOf(full, 4);
    LineDecoder.Decoded d = decoder.decode(new RawLine(0, 100, cut, true));
    assertThat(d.text()).isEqualTo("ab");
    assertThat(d.invalidUtf8()).isFalse();
  }

  @Test
  void keepsACompleteTrailingCharacterOfATruncatedLine() {
    byte[] full = "ab€".getBytes(StandardCharsets.UTF_8);
    assertThat(decoder.decode(new RawLine(0, 100, full, true)).text()).isEqualTo("ab€");
  }
}
