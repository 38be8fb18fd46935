package sentinel.shipper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends Postfix-like lines the way syslog does: one handle opened with O_APPEND and kept open,
 * so writes after a rename land in the renamed file and writes after a truncation start at 0.
 * Remembers each line with its stream and byte offset, which is what the shipper must reproduce.
 */
public final class MailLogWriter implements AutoCloseable {
  /** One line as written. */
  public record Written(String stream, long offset, String text) {}

  private final FileChannel channel;
  private final List<Written> written = new ArrayList<>();
  private String stream;
  private long offset;
  private int seq;

  public MailLogWriter(Path path, String stream) {
    try {
      this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      this.offset = channel.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.stream = stream;
  }

  /** Appends {@code n} complete lines. */
  public synchronized void append(int n) {
    StringBuilder sb = new StringBuilder();
    List<Written> batch = new ArrayList<>();
    long at = offset;
    for (int i = 0; i < n; i++) {
      String text = "Jan 12 10:00:00 mx1 postfix/smtp[4242]: " + stream + "-" + (seq++)
          + ": to=<user" + seq + "@example.org>, relay=mx.example.org[192.0.2.1]:25, status=sent (250 ok)";
      batch.add(new Written(stream, at, text));
      at += text.getBytes(StandardCharsets.UTF_8).length + 1;
      sb.append(text).append('\n');
    }
    try {
      ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    offset = at;
    written.addAll(batch);
  }

  /** The file was truncated under this writer (copytruncate): the next line starts a new stream at 0. */
  public synchronized void truncatedTo(String newStream) {
    this.stream = newStream;
    this.offset = 0;
  }

  public synchronized List<Written> written() {
    return List.copyOf(written);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
