package sentinel.streams.correlate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import sentinel.common.json.Json;

/**
 * A fixed 17-byte form of {@link FilePosition} for the {@code line-positions} store and its changelog.
 * The store is read and written for every raw line, so JSON (Jackson plus {@code Instant} parsing)
 * cost more than the rest of de-duplication together.
 *
 * <p>Format (version 1): version byte, offset (long), seen as epoch milliseconds (long). {@code seen}
 * only decides when a file is forgotten, so milliseconds are precise enough. Values written by the
 * earlier JSON serde (they start with '{') are still read, so a restart after the upgrade keeps its
 * positions instead of letting re-sent lines through.
 */
public final class FilePositionSerde implements Serde<FilePosition> {
  private static final byte VERSION = 1;
  private static final int SIZE = 1 + Long.BYTES + Long.BYTES;
  private static final byte JSON_START = '{';
  private final ObjectMapper legacyJson = Json.newMapper();

  @Override
  public Serializer<FilePosition> serializer() {
    return (topic, position) -> position == null ? null : write(position);
  }

  @Override
  public Deserializer<FilePosition> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  public static byte[] write(FilePosition position) {
    return ByteBuffer.allocate(SIZE)
        .put(VERSION)
        .putLong(position.offset())
        .putLong(position.seen().toEpochMilli())
        .array();
  }

  public FilePosition read(byte[] bytes) {
    if (bytes.length > 0 && bytes[0] == JSON_START) {
      return readLegacyJson(bytes);
    }
    if (bytes.length != SIZE || bytes[0] != VERSION) {
      throw new SerializationException("not a version " + VERSION + " file position (" + bytes.length + " bytes)");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 1, SIZE - 1);
    return new FilePosition(in.getLong(), Instant.ofEpochMilli(in.getLong()));
  }

  private FilePosition readLegacyJson(byte[] bytes) {
    try {
      return legacyJson.readValue(bytes, FilePosition.class);
    } catch (IOException e) {
      throw new SerializationException("unreadable JSON file position", e);
    }
  }
}
