package sentinel.common.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for one JSON record type. Malformed input raises {@link SerializationException},
 * which Kafka Streams routes to its deserialization exception handler (log, count, dead-letter).
 */
public final class JsonSerde<T> implements Serde<T> {
  private final Class<T> type;
  private final ObjectMapper mapper;

  public JsonSerde(Class<T> type) {
    this(type, Json.newMapper());
  }

  public JsonSerde(Class<T> type, ObjectMapper mapper) {
    this.type = type;
    this.mapper = mapper;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      try {
        return mapper.writeValueAsBytes(value);
      } catch (IOException e) {
        throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON", e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return mapper.readValue(bytes, type);
      } catch (IOException e) {
        throw new SerializationException(
            "not a valid " + type.getSimpleName() + " JSON record on " + topic + ": " + e.getMessage(), e);
      }
    };
  }
}
