package sentinel.streams.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import sentinel.common.contract.RawLineEnvelope;
import sentinel.common.json.JsonSerde;
import sentinel.shipper.sink.KafkaLineSink;
import sentinel.streams.bench.BenchCorpus.Corpus;
import sentinel.streams.bench.BenchCorpus.HostFile;

/** Fills {@code mta.raw} with the corpus as the shipper would: one JSON envelope per line, keyed by host. */
final class RawLoader {
  private RawLoader() {}

  static void load(BenchKafka kafka, Corpus corpus, String topic) throws IOException {
    Serializer<RawLineEnvelope> serializer = new JsonSerde<>(RawLineEnvelope.class).serializer();
    Map<String, Object> props = KafkaLineSink.producerConfig(kafka.clientProps(), "bench-loader", 64L * 1024 * 1024);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      Instant readAt = Instant.now();
      for (HostFile f : corpus.files()) {
        String fileId = "2049-" + f.bytes() + "-" + Integer.toHexString(f.host().hashCode());
        long offset = 0;
        try (BufferedReader in = Files.newBufferedReader(f.path(), StandardCharsets.UTF_8)) {
          for (String line; (line = in.readLine()) != null; ) {
            RawLineEnvelope env = new RawLineEnvelope(f.host(), f.path().toString(), fileId, offset, readAt, line);
            producer.send(new ProducerRecord<>(topic, f.host(), serializer.serialize(topic, env)));
            offset += line.length() + 1;
          }
        }
      }
      producer.flush();
      producer.close(Duration.ofSeconds(30));
    }
  }
}
