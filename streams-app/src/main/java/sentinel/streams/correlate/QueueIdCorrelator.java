package sentinel.streams.correlate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.model.AccountEvent;
import sentinel.streams.model.MtaEvent;
import sentinel.streams.model.MtaEvent.Outcome;

/**
 * Ties queue IDs (Postfix, Sendmail) and message IDs (Exim) to the account that submitted the
 * message, per host, and forwards one {@link AccountEvent} per login, message and recipient
 * outcome, keyed by account (auth failures by client IP).
 *
 * <p>Runs in the host-keyed partition of {@code mta.raw}, so every line of a message is here and no
 * repartition is needed before correlation. The rules that keep per-account totals exact:
 *
 * <ul>
 *   <li>A message counts once, when both its submitter and its recipient count are known. Exim
 *       without {@code received_recipients} logs no count: the message then counts at
 *       {@code Completed} with the number of distinct recipients that had an outcome.
 *   <li>A recipient is reported deferred once, however often the MTA retries it.
 *   <li>An outcome that arrives before the line naming the submitter (lines a few seconds out of
 *       order) is held in the entry and emitted once the submitter is known.
 *   <li>A login that queued nothing (Exim {@code rejected RCPT … A=}) counts once per SMTP session.
 *   <li>Sendmail names the account only on the session's {@code AUTH=server} line: its messages
 *       ({@code from=}, logged by the same process) belong to the last login of that process.
 *   <li>A notification the MTA generated (bounce, delay warning) has the null sender even when no
 *       line of its own says so (Sendmail logs no {@code from=} for it).
 *   <li>A null-sender message delivered into a local mailbox becomes an {@link
 *       AccountEvent.InboundBounce} for that mailbox.
 * </ul>
 *
 * <p>Entries are removed a grace period after the MTA removed the message, or after {@code maxAge}
 * at the latest, both by the log's own clock (checked once a minute of stream time), which keeps state
 * bounded.
 */
public final class QueueIdCorrelator implements Processor<String, SourcedEvent, String, AccountEvent> {
  /** Outcomes held per message while its submitter is unknown; beyond this they count as unmatched. */
  static final int MAX_BUFFERED_OUTCOMES = 1000;
  private static final String SESSION_PREFIX = "session:";
  private static final String PART_PREFIX = "part:";
  /** Sendmail: which account logged in in which process (a session marker, so expiry treats it as one). */
  private static final String PROCESS_PREFIX = SESSION_PREFIX + "pid:";

  private final String storeName;
  private final CorrelationSettings settings;
  private final SentinelMeters meters;
  private ProcessorContext<String, AccountEvent> context;
  private PendingMessages pending;
  /**
   * The latest time a line of this task's hosts carried: the log's clock. Entries hold log times, and
   * stream time is the record's (when the shipper read the line), which is days later when a shipper
   * catches up on an old log: expiring by stream time would drop messages still in flight.
   */
  private Instant logClock;

  public QueueIdCorrelator(String storeName, CorrelationSettings settings, SentinelMeters meters) {
    this.storeName = storeName;
    this.settings = settings;
    this.meters = meters;
  }

  @Override
  public void init(ProcessorContext<String, AccountEvent> context) {
    this.context = context;
    KeyValueStore<String, PendingMessage> store = context.getStateStore(storeName);
    this.pending = new PendingMessages(store, settings);
    context.schedule(Duration.ofMinutes(1), PunctuationType.STREAM_TIME, this::expire);
  }

  @Override
  public void process(Record<String, SourcedEvent> record) {
    SourcedEvent in = record.value();
    Instant readAt = in.readAt();
    MtaEvent event = in.event();
    if (logClock == null || event.time().isAfter(logClock)) {
      logClock = event.time();
    }
    if (event instanceof MtaEvent.AuthFailure f) {
      emit(new AccountEvent.LoginFailed(f.clientIp(), f.host(), f.account(), f.time(), readAt));
      if (f.account() != null && !f.account().isEmpty()) {
        emit(new AccountEvent.AccountLoginFailed(f.account(), f.host(), f.clientIp(), f.time(), readAt));
      }
    } else if (event instanceof MtaEvent.AuthSuccess a) {
      sessionLogin(a.host(), a.session(), a.account(), a.clientIp(), a.time(), readAt);
    } else if (event instanceof MtaEvent.SubmissionAuthenticated s) {
      emit(new AccountEvent.Login(s.account(), s.host(), s.clientIp(), s.time(), readAt));
      submitted(s.host(), s.queueId(), fresh(s.host(), s.queueId(), s.time()).withSubmitter(s.account(), s.clientIp()), s.time(), readAt);
    } else if (event instanceof MtaEvent.SubmissionInbound s) {
      submitted(s.host(), s.queueId(), fresh(s.host(), s.queueId(), s.time()).withSubmitter(null, s.clientIp()), s.time(), readAt);
    } else if (event instanceof MtaEvent.SubmissionLocal l) {
      PendingMessage pm = fresh(l.host(), l.queueId(), l.time()).withSubmitter(LocalAccount.key(l.user(), l.host()), null);
      submitted(l.host(), l.queueId(), pm, l.time(), readAt);
    } else if (event instanceof MtaEvent.MessageReceived r) {
      received(r, readAt);
    } else if (event instanceof MtaEvent.LineContinuation c) {
      continuation(c, readAt);
    } else if (event instanceof MtaEvent.QueueEntry q) {
      PendingMessage pm = existing(q.host(), q.queueId(), q.time()).withEnvelope(q.sender(), q.recipients());
      if (pm.outcomesDecidable()) {
        pm = flush(pm, q.host(), q.queueId());
      }
      save(q.host(), q.queueId(), countIfReady(pm, q.host(), q.queueId(), q.time(), readAt));
    } else if (event instanceof MtaEvent.RecipientOutcome o) {
      outcome(o, readAt);
    } else if (event instanceof MtaEvent.ProcessLogin p) {
      processLogin(p, readAt);
    } else if (event instanceof MtaEvent.ProcessMessage p) {
      processMessage(p, readAt);
    } else if (event instanceof MtaEvent.RecipientOutcomes many) {
      many.outcomes().forEach(o -> outcome(o, readAt));
    } else if (event instanceof MtaEvent.BounceNotification b) {
      meters.bounceNotification();
      nullSender(b.host(), b.bounceQueueId(), b.time());
    } else if (event instanceof MtaEvent.WarningNotification w) {
      nullSender(w.host(), w.noticeQueueId(), w.time());
    } else if (event instanceof MtaEvent.MessageRemoved r) {
      removed(r, readAt);
    }
  }

  private void received(MtaEvent.MessageReceived r, Instant readAt) {
    if (r.account() != null) {
      sessionLogin(r.host(), r.session(), r.account(), r.clientIp(), r.time(), readAt);
    }
    if (r.bounceOf() != null) {
      meters.bounceNotification();
    }
    String submitter = r.account() != null ? r.account()
        : r.localUser() != null && r.bounceOf() == null ? LocalAccount.key(r.localUser(), r.host()) : null;
    PendingMessage pm = fresh(r.host(), r.queueId(), r.time()).withEnvelope(r.sender(), r.recipients()).withSubmitter(submitter, r.clientIp());
    MtaEvent.SplitLine split = r.split();
    if (split != null && split.pid() != null) {
      // The recipient list runs on into later syslog parts: count the message once they are in.
      pm = pm.withSplit(new PendingMessage.Split(r.queueId(), split.words(), split.lastWordComplete(), split.parts() - 1));
      pending.put(key(r.host(), PART_PREFIX + split.pid()),
          PendingMessage.first(r.time()).withSplit(new PendingMessage.Split(r.queueId(), 0, true, split.parts() - 1)).removed(r.time()));
    }
    submitted(r.host(), r.queueId(), pm, r.time(), readAt);
  }

  /** Every Sendmail login line is one login; the process's next {@code from=} lines belong to it. */
  private void processLogin(MtaEvent.ProcessLogin p, Instant readAt) {
    emit(new AccountEvent.Login(p.account(), p.host(), p.clientIp(), p.time(), readAt));
    if (p.pid() != null) {
      PendingMessage login = PendingMessage.first(p.time()).withSubmitter(p.account(), p.clientIp()).counted().removed(p.time());
      pending.put(key(p.host(), PROCESS_PREFIX + p.pid()), login);
    }
  }

  private void processMessage(MtaEvent.ProcessMessage p, Instant readAt) {
    String account = null;
    if (p.authenticated()) {
      String loginKey = p.pid() == null ? null : key(p.host(), PROCESS_PREFIX + p.pid());
      PendingMessage login = loginKey == null ? null : pending.get(loginKey);
      if (login != null) {
        account = login.account();
        // One session may send many messages: keep the login while the session goes on.
        pending.put(loginKey, login.removed(p.time()));
      } else {
        meters.uncorrelated("login");
      }
    } else if (p.localUser() != null) {
      account = LocalAccount.key(p.localUser(), p.host());
    }
    PendingMessage pm = fresh(p.host(), p.queueId(), p.time()).withEnvelope(p.sender(), p.recipients()).withSubmitter(account, p.clientIp());
    submitted(p.host(), p.queueId(), pm, p.time(), readAt);
  }

  /** A notification the MTA queued itself has the null sender, even when no line of its own says so. */
  private void nullSender(String host, String queueId, Instant time) {
    PendingMessage pm = existing(host, queueId, time);
    if (pm.sender() == null) {
      PendingMessage marked = pm.withEnvelope("", pm.recipients());
      save(host, queueId, flush(marked, host, queueId));
    }
  }

  private void continuation(MtaEvent.LineContinuation c, Instant readAt) {
    String markerKey = key(c.host(), PART_PREFIX + c.pid());
    PendingMessage marker = c.pid() == null ? null : pending.get(markerKey);
    if (marker == null || marker.split() == null) {
      return; // the run-on of a line whose first part carried nothing to count
    }
    String queueId = marker.split().queueId();
    PendingMessage pm = pending.get(key(c.host(), queueId));
    if (pm == null || pm.split() == null) {
      pending.delete(markerKey);
      return;
    }
    PendingMessage.Split next = pm.split().continuedWith(c.text());
    if (c.part() >= c.parts()) {
      pending.delete(markerKey);
      pm = pm.withSplit(null).withEnvelope(pm.sender(), next.words());
      save(c.host(), queueId, countIfReady(pm, c.host(), queueId, c.time(), readAt));
    } else {
      save(c.host(), queueId, pm.withSplit(next));
    }
  }

  private void submitted(String host, String queueId, PendingMessage pm, Instant time, Instant readAt) {
    save(host, queueId, countIfReady(flush(pm, host, queueId), host, queueId, time, readAt));
  }

  private void outcome(MtaEvent.RecipientOutcome o, Instant readAt) {
    PendingMessage pm = existing(o.host(), o.queueId(), o.time());
    PendingMessage.BufferedOutcome b = new PendingMessage.BufferedOutcome(
        o.recipient(), o.outcome().name(), o.dsn(), o.local(), o.time(), readAt);
    if (pm.outcomesDecidable()) {
      pm = decide(pm, o.host(), o.queueId(), b);
    } else if (pm.buffered().size() < MAX_BUFFERED_OUTCOMES) {
      pm = pm.withBuffered(b);
    } else {
      meters.uncorrelated("outcome");
    }
    save(o.host(), o.queueId(), pm);
  }

  private PendingMessage decide(PendingMessage pm, String host, String queueId, PendingMessage.BufferedOutcome b) {
    Outcome outcome = Outcome.valueOf(b.outcome());
    if (outcome == Outcome.DEFERRED && b.recipient() != null) {
      if (pm.deferred().contains(b.recipient())) {
        return pm; // a retry of a recipient already reported deferred
      }
      pm = pm.withDeferred(b.recipient());
    }
    if (pm.recipients() < 0 && !pm.submissionCounted()) {
      pm = pm.withSeen(b.recipient());
    }
    if (pm.account() != null) {
      emit(new AccountEvent.Delivery(pm.account(), host, outcome, b.dsn(), b.time(), b.readAt()));
    } else if ("".equals(pm.sender()) && b.local() && outcome == Outcome.SENT && b.recipient() != null) {
      emit(new AccountEvent.InboundBounce(b.recipient(), host, queueId, b.time(), b.readAt()));
    } else {
      meters.uncorrelated("outcome");
    }
    return pm;
  }

  private PendingMessage flush(PendingMessage pm, String host, String queueId) {
    if (pm.buffered().isEmpty()) {
      return pm;
    }
    List<PendingMessage.BufferedOutcome> held = pm.buffered();
    pm = pm.withoutBuffered();
    for (PendingMessage.BufferedOutcome b : held) {
      pm = decide(pm, host, queueId, b);
    }
    return pm;
  }

  private void removed(MtaEvent.MessageRemoved r, Instant readAt) {
    PendingMessage pm = pending.get(key(r.host(), r.queueId()));
    if (pm == null) {
      return;
    }
    pm = countWithSeenRecipients(pm, r.host(), r.queueId(), r.time(), readAt);
    pending.put(key(r.host(), r.queueId()), pm.removed(r.time()));
  }

  /** Exim without a logged recipient count: the message counts with its distinct recipients. */
  private PendingMessage countWithSeenRecipients(PendingMessage pm, String host, String queueId, Instant time, Instant readAt) {
    if (pm.submissionCounted() || pm.account() == null || pm.recipients() >= 0 || pm.split() != null) {
      return pm;
    }
    emit(new AccountEvent.MessageSubmitted(pm.account(), host, queueId, pm.clientIp(), pm.sender(), pm.seen().size(), time, readAt));
    return pm.counted();
  }

  /** Counts a login once per SMTP session, however many lines of the session show the account. */
  private void sessionLogin(String host, String session, String account, String clientIp, Instant time, Instant readAt) {
    if (session != null) {
      String key = key(host, SESSION_PREFIX + session);
      PendingMessage marker = pending.get(key);
      if (marker != null && account.equals(marker.account())) {
        return;
      }
      pending.put(key, PendingMessage.first(time).withSubmitter(account, clientIp).counted().removed(time));
    }
    emit(new AccountEvent.Login(account, host, clientIp, time, readAt));
  }

  /**
   * The entry for a new submission. A removed entry whose submitter is known belongs to an older
   * message under a reused ID; one without a submitter is this message, whose lines came early.
   */
  private PendingMessage fresh(String host, String queueId, Instant time) {
    PendingMessage pm = pending.get(key(host, queueId));
    return pm == null || (pm.removedAt() != null && pm.submitterKnown()) ? PendingMessage.first(time) : pm;
  }

  private PendingMessage existing(String host, String queueId, Instant time) {
    PendingMessage pm = pending.get(key(host, queueId));
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
    pending.put(key(host, queueId), pm);
  }

  private void emit(AccountEvent event) {
    meters.accountEvent(event);
    context.forward(new Record<>(event.subject(), event, event.time().toEpochMilli()));
  }

  private void expire(long streamTimeMs) {
    if (logClock == null) {
      return; // no line since the start: nothing to measure ages against
    }
    Instant now = logClock;
    for (KeyValue<String, PendingMessage> kv : pending.expired(now)) {
      // Outcomes whose submitter never showed up are counted, not silently lost.
      kv.value.buffered().forEach(b -> meters.uncorrelated("outcome"));
      int bar = kv.key.indexOf('|');
      if (bar > 0 && !kv.key.startsWith(SESSION_PREFIX, bar + 1) && !kv.key.startsWith(PART_PREFIX, bar + 1)) {
        countWithSeenRecipients(kv.value, kv.key.substring(0, bar), kv.key.substring(bar + 1), now, null);
      }
      pending.delete(kv.key);
    }
  }

  static String key(String host, String queueId) {
    return host + '|' + queueId;
  }
}
