package sentinel.shipper.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
  private final List<RawLine> out = new ArrayList<>();

  private void feed(LineSplitter s, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    s.feed(b, 0, b.length, out::add);
  }

  private static String text(RawLine l) {
    return new String(l.bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void holdsAPartialLineUntilItsNewlineArrives() {
    LineSplitter s = new LineSplitter(1024, 100);
    feed(s, "first\nsec");
    assertThat(out).hasSize(1);
    assertThat(s.pendingStart()).isEqualTo(106);

    feed(s, "ond\r\nthi");
    feed(s, "rd\n");

    assertThat(out).extracting(LineSplitterTest::text).containsExactly("first", "second", "third");
    assertThat(out).extracting(RawLine::offset).containsExactly(100L, 106L, 114L);
    assertThat(out).extracting(RawLine::endOffset).containsExactly(106L, 114L, 120L);
    assertThat(out).extracting(RawLine::truncated).containsOnly(false);
    assertThat(s.pendingStart()).isEqualTo(120);
    assertThat(s.nextOffset()).isEqualTo(120);
  }

  @Test
  void cutsAnOverlongLineAndSkipsItsRestUpToTheNewline() {
    LineSplitter s = new LineSplitter(256, 0);
    String longLine = "x".repeat(300);
    feed(s, longLine.substring(0, 200));
    feed(s, longLine.substring(200) + "\nnext\n");

    assertThat(out).hasSize(2);
    assertThat(out.get(0).truncated()).isTrue();
    assertThat(out.get(0).bytes()).hasSize(256);
    assertThat(out.get(0).endOffset()).isEqualTo(301);
    assertThat(text(out.get(1))).isEqualTo("next");
    assertThat(out.get(1).offset()).isEqualTo(301);
    assertThat(out.get(1).truncated()).isFalse();
  }

  @Test
  void emitsEmptyLinesAsLines() {
    LineSplitter s = new LineSplitter(256, 0);
    feed(s, "\n\n");
    assertThat(out).extracting(RawLine::offset).containsExactly(0L, 1L);
    assertThat(out).allSatisfy(l -> assertThat(l.bytes()).isEmpty());
  }

  @Test
  void flushesTheHeldPartialLineOnlyWhenAsked() {
    LineSplitter s = new LineSplitter(256, 0);
    feed(s, "done\ntail without newline");
    assertThat(out).hasSize(1);

    assertThat(s.flushPartial()).hasValueSatisfying(l -> {
      assertThat(text(l)).isEqualTo("tail without newline");
      assertThat(l.offset()).isEqualTo(5);
      assertThat(l.endOffset()).isEqualTo(25);
    });
    assertThat(s.flushPartial()).isEmpty();
  }

  @Test
  void cutsTheSameWayWhetherALineArrivesInOneChunkOrSeveral() {
    // Given the same bytes fed whole, and fed one byte at a time (CRLF, a lone CR inside, overlong, empty, and a
    // line whose cut falls right after a CR)
    String text = "a\r\n" + "b\rc\n" + "y".repeat(300) + "\n" + "\n" + "z".repeat(255) + "\r" + "tail\n" + "\r\n";
    LineSplitter whole = new LineSplitter(256, 10);
    feed(whole, text);
    List<RawLine> fromWhole = new ArrayList<>(out);
    out.clear();
    LineSplitter bytewise = new LineSplitter(256, 10);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      bytewise.feed(new byte[] {b}, 0, 1, out::add);
    }

    // Then both give the same lines, offsets and truncation flags
    assertThat(fromWhole).hasSize(6);
    assertThat(fromWhole).extracting(LineSplitterTest::text)
        .containsExactly("a", "b\rc", "y".repeat(256), "", "z".repeat(255) + "\r", "");
    assertThat(fromWhole).extracting(RawLine::truncated).containsExactly(false, false, true, false, true, false);
    assertThat(out).extracting(LineSplitterTest::text).containsExactlyElementsOf(fromWhole.stream().map(LineSplitterTest::text).toList());
    assertThat(out).extracting(RawLine::offset).containsExactlyElementsOf(fromWhole.stream().map(RawLine::offset).toList());
    assertThat(out).extracting(RawLine::endOffset).containsExactlyElementsOf(fromWhole.stream().map(RawLine::endOffset).toList());
    assertThat(out).extracting(RawLine::truncated).containsExactlyElementsOf(fromWhole.stream().map(RawLine::truncated).toList());
    assertThat(whole.pendingStart()).isEqualTo(bytewise.pendingStart()).isEqualTo(10 + text.length());
  }
}
