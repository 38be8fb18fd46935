package sentinel.streams.topics;

import org.apache.kafka.common.serialization.Serdes;
import sentinel.common.contract.AccountDecision;
import sentinel.common.json.JsonSerde;
import sentinel.common.kafka.TopicSettings;
import sentinel.streams.model.Alert;

/** The shared topics the topology reads and writes, with their serdes; built once from config. */
public record Topics(
    Topic<String, byte[]> raw,
    Topic<String, Alert> alerts,
    Topic<String, AccountDecision> accountStatus,
    Topic<String, String> deadLetter) {

  public static Topics from(TopicSettings s) {
    return new Topics(
        // Raw values stay bytes: plain lines and JSON envelopes are told apart by the decoder, so no
        // record can fail deserialization on the way in.
        new Topic<>(s.raw(), Serdes.String(), Serdes.ByteArray()),
        new Topic<>(s.alerts(), Serdes.String(), new JsonSerde<>(Alert.class)),
        new Topic<>(s.accountStatus(), Serdes.String(), new JsonSerde<>(AccountDecision.class)),
        new Topic<>(s.deadLetter(), Serdes.String(), Serdes.String()));
  }
}
