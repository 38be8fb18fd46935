package sentinel.streams.correlate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.model.AccountEvent;
import sentinel.streams.model.MtaEvent;

/**
 * Ties queue IDs (Postfix, Sendmail) and message IDs (Exim) to the account that submitted the
 * message, per host, and forwards one {@link AccountEvent} per login, message and recipient
 * outcome, keyed by account (auth failures by client IP).
 *
 * <p>Runs in the host-keyed partition of {@code mta.raw}, so every line of a message is here and no
 * repartition is needed before correlation. Entries are removed a grace period after the MTA removed
 * the message, or after {@code maxAge} at the latest (stream time), which keeps state bounded.
 */
public final class QueueIdCorrelator implements Processor<String, SourcedEvent, String, AccountEvent> {
  private final String storeName;
  private final CorrelationSettings settings;
  private final SentinelMeters meters;
  private ProcessorContext<String, AccountEvent> context;
  private KeyValueStore<String, PendingMessage> store;

  public QueueIdCorrelator(String storeName, CorrelationSettings settings, SentinelMeters meters) {
    this.storeName = storeName;
    this.settings = settings;
    this.meters = meters;
  }

  @Override
  public void init(ProcessorContext<String, AccountEvent> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    context.schedule(Duration.ofMinutes(1), PunctuationType.STREAM_TIME, this::expire);
  }

  @Override
  public void process(Record<String, SourcedEvent> record) {
    SourcedEvent in = record.value();
    Instant readAt = in.readAt();
    MtaEvent event = in.event();
    if (event instanceof MtaEvent.AuthFailure f) {
      emit(new AccountEvent.LoginFailed(f.clientIp(), f.host(), f.account(), f.time(), readAt));
    } else if (event instanceof MtaEvent.SubmissionAuthenticated s) {
      PendingMessage pm = fresh(s.host(), s.queueId(), s.time()).withSubmitter(s.account(), s.clientIp());
      emit(new AccountEvent.Login(s.account(), s.host(), s.clientIp(), s.time(), readAt));
      save(s.host(), s.queueId(), countIfReady(pm, s.host(), s.queueId(), s.time(), readAt));
    } else if (event instanceof MtaEvent.SubmissionLocal l) {
      String account = "local:" + (l.user().isEmpty() ? "unknown" : localPart(l.user())) + "@" + l.host();
      PendingMessage pm = fresh(l.host(), l.queueId(), l.time()).withSubmitter(account, null);
      save(l.host(), l.queueId(), countIfReady(pm, l.host(), l.queueId(), l.time(), readAt));
    } else if (event instanceof MtaEvent.QueueEntry q) {
      PendingMessage pm = existing(q.host(), q.queueId(), q.time()).withEnvelope(q.sender(), q.recipients());
      save(q.host(), q.queueId(), countIfReady(pm, q.host(), q.queueId(), q.time(), readAt));
    } else if (event instanceof MtaEvent.RecipientOutcome o) {
      PendingMessage pm = store.get(key(o.host(), o.queueId()));
      if (pm != null && pm.account() != null) {
        emit(new AccountEvent.Delivery(pm.account(), o.host(), o.outcome(), o.dsn(), o.time(), readAt));
      } else {
        meters.uncorrelated("outcome");
      }
    } else if (event instanceof MtaEvent.BounceNotification) {
      meters.bounceNotification();
    } else if (event instanceof MtaEvent.MessageRemoved r) {
      PendingMessage pm = store.get(key(r.host(), r.queueId()));
      if (pm != null) {
        store.put(key(r.host(), r.queueId()), pm.removed(r.time()));
      }
    }
  }

  /** The entry for a new submission; a removed entry under the same ID belongs to an older message. */
  private PendingMessage fresh(String host, String queueId, Instant time) {
    PendingMessage pm = store.get(key(host, queueId));
    return pm == null || pm.removedAt() != null ? PendingMessage.first(time) : pm;
  }

  private PendingMessage existing(String host, String queueId, Instant time) {
    PendingMessage pm = store.get(key(host, queueId));
    return pm == null ? PendingMessage.first(time) : pm;
  }

  private PendingMessage countIfReady(PendingMessage pm, String host, String queueId, Instant time, Instant readAt) {
    if (!pm.readyToCount()) {
      return pm;
    }
    emit(new AccountEvent.MessageSubmitted(pm.account(), host, queueId, pm.clientIp(), pm.sender(), pm.recipients(), time, readAt));
    return pm.counted();
  }

  private void save(String host, String queueId, PendingMessage pm) {
    store.put(key(host, queueId), pm);
  }

  private void emit(AccountEvent event) {
    meters.accountEvent(event);
    context.forward(new Record<>(event.subject(), event, event.time().toEpochMilli()));
  }

  private void expire(long streamTimeMs) {
    Instant now = Instant.ofEpochMilli(streamTimeMs);
    List<String> stale = new ArrayList<>();
    try (KeyValueIterator<String, PendingMessage> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, PendingMessage> kv = it.next();
        PendingMessage pm = kv.value;
        boolean removedLongAgo = pm.removedAt() != null && pm.removedAt().plus(settings.removedGrace()).isBefore(now);
        boolean tooOld = pm.firstSeen().plus(settings.maxAge()).isBefore(now);
        if (removedLongAgo || tooOld) {
          stale.add(kv.key);
        }
      }
    }
    stale.forEach(store::delete);
  }

  static String key(String host, String queueId) {
    return host + '|' + queueId;
  }

  private static String localPart(String sender) {
    int at = sender.indexOf('@');
    return at < 0 ? sender : sender.substring(0, at);
  }
}
