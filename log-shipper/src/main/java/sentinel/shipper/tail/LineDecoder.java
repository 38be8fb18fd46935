package sentinel.shipper.tail;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes to text. Invalid UTF-8 becomes U+FFFD and is reported, never an exception: a mail log can
 * carry any byte a client sent. One instance per thread (decoders are stateful).
 */
public final class LineDecoder {
  private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  /** The decoded text, and whether any byte had to be replaced. */
  public record Decoded(String text, boolean invalidUtf8) {}

  public Decoded decode(RawLine line) {
    byte[] bytes = line.bytes();
    int length = line.truncated() ? completeSequencesLength(bytes) : bytes.length;
    try {
      return new Decoded(strict.decode(ByteBuffer.wrap(bytes, 0, length)).toString(), false);
    } catch (CharacterCodingException e) {
      return new Decoded(new String(bytes, 0, length, StandardCharsets.UTF_8), true);
    }
  }

  /**
   * Length without a multi-byte character cut in two by truncation, so cutting a valid line does
   * not make it count as invalid UTF-8.
   */
  static int completeSequencesLength(byte[] b) {
    int n = b.length;
    for (int back = 1; back <= 3 && back <= n; back++) {
      int c = b[n - back] & 0xff;
      if ((c & 0xC0) == 0x80) {
        continue; // continuation byte: keep looking for the lead byte
      }
      int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      return need > back ? n - back : n;
    }
    return n;
  }
}
