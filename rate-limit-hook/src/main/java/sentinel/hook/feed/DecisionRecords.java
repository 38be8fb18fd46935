package sentinel.hook.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import sentinel.common.contract.AccountDecision;
import sentinel.common.json.Json;
import sentinel.hook.decision.DecisionCache;
import sentinel.hook.metrics.HookMeters;

/**
 * Applies raw records of the account-status topic to a {@link DecisionCache}. The account is the
 * record key (the topic's contract), or the value's {@code account} when a producer left the key
 * empty. A value that is not an {@link AccountDecision} is counted and skipped, never fatal.
 */
public final class DecisionRecords {
  private final ObjectMapper mapper = Json.newMapper();
  private final DecisionCache cache;
  private final HookMeters meters;

  public DecisionRecords(DecisionCache cache, HookMeters meters) {
    this.cache = cache;
    this.meters = meters;
  }

  /** Applies one record; returns the reason when it could not be applied. */
  public Optional<String> apply(ConsumerRecord<byte[], byte[]> r) {
    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    if (r.value() == null) {
      if (key == null) {
        meters.feedBad();
        return Optional.of("tombstone without a key");
      }
      cache.apply(key, null);
      meters.feedTombstone();
      return Optional.empty();
    }
    AccountDecision d;
    try {
      d = mapper.readValue(r.value(), AccountDecision.class);
    } catch (JsonProcessingException e) {
      meters.feedBad();
      return Optional.of("not an AccountDecision: " + e.getOriginalMessage());
    } catch (IOException e) {
      meters.feedBad();
      return Optional.of("not an AccountDecision: " + e.getMessage());
    }
    String account = key != null && !key.isBlank() ? key : d.account();
    if (account == null || account.isBlank() || d.action() == null) {
      meters.feedBad();
      return Optional.of("decision without account or action");
    }
    cache.apply(account, d);
    meters.feedApplied();
    return Optional.empty();
  }
}
