package sentinel.hook.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code \n}-terminated lines (a trailing {@code \r} is dropped) from a stream, never
 * holding more than {@code maxLine} bytes of one line: the rest of a longer line is skipped and
 * reported as {@link Status#TOO_LONG}, so a client sending garbage cannot grow the heap.
 */
public final class BoundedLineReader {
  /** What {@link #read()} found. */
  public enum Status { LINE, TOO_LONG, EOF, EOF_PARTIAL }

  private final InputStream in;
  private final byte[] buf = new byte[8192];
  private final byte[] line;
  private int pos;
  private int limit;
  private int length;

  public BoundedLineReader(InputStream in, int maxLine) {
    this.in = in;
    this.line = new byte[maxLine];
  }

  /** Reads the next line; after {@link Status#LINE} its text is {@link #text()}. */
  public Status read() throws IOException {
    length = 0;
    boolean tooLong = false;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buf, 0, buf.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          return any ? Status.EOF_PARTIAL : Status.EOF;
        }
      }
      any = true;
      byte b = buf[pos++];
      if (b == '\n') {
        if (tooLong) {
          return Status.TOO_LONG;
        }
        if (length > 0 && line[length - 1] == '\r') {
          length--;
        }
        return Status.LINE;
      }
      if (length < line.length) {
        line[length++] = b;
      } else {
        tooLong = true;
      }
    }
  }

  /** Bytes of the last line read. */
  public int length() {
    return length;
  }

  public String text() {
    return new String(line, 0, length, StandardCharsets.UTF_8);
  }

  /** Index of the first {@code c} in the last line, or -1. */
  public int indexOf(char c) {
    for (int i = 0; i < length; i++) {
      if (line[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** Text of bytes {@code from} (inclusive) to {@code to} (exclusive) of the last line. */
  public String text(int from, int to) {
    return new String(line, from, to - from, StandardCharsets.UTF_8);
  }

  /** True when bytes {@code [0, to)} of the last line equal the ASCII {@code s}. */
  public boolean startsWith(String s, int to) {
    if (to != s.length()) {
      return false;
    }
    for (int i = 0; i < to; i++) {
      if (line[i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
