package sentinel.streams.replay;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads one log file line by line, plain or gzip-compressed (told apart by the gzip magic bytes, not
 * the name, because rotated files are not always named for what they are). Bytes that are not UTF-8
 * become U+FFFD instead of failing the line: a mail log carries whatever subjects and names spammers
 * send. Counts the bytes read from disk so progress can be shown against the files' sizes.
 */
public final class LogFileReader implements AutoCloseable {
  private static final int BUFFER = 1 << 16;
  private final CountingStream counted;
  private final BufferedReader reader;
  private final boolean gzip;

  public LogFileReader(Path file) throws IOException {
    this.counted = new CountingStream(Files.newInputStream(file));
    BufferedInputStream in = new BufferedInputStream(counted, BUFFER);
    this.gzip = isGzip(in);
    InputStream content = gzip ? new GZIPInputStream(in, BUFFER) : in;
    this.reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)), BUFFER);
  }

  /** The next line without its line ending, or null at the end of the file. */
  public String nextLine() throws IOException {
    return reader.readLine();
  }

  /** True when the file is gzip-compressed. */
  public boolean gzip() {
    return gzip;
  }

  /** Bytes read from the file on disk so far (compressed bytes for a gzip file). */
  public long bytesRead() {
    return counted.count;
  }

  private static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  private static final class CountingStream extends FilterInputStream {
    private long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count += s;
      return s;
    }
  }
}
