package sentinel.streams.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import sentinel.common.logging.RateLimitedLog;
import sentinel.streams.geo.CountryLookup;
import sentinel.streams.geo.GeoInfo;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.model.AccountEvent;
import sentinel.streams.model.Alert;
import sentinel.streams.model.MtaEvent;

/**
 * Keeps each subject's {@link SubjectState}, runs the detectors after every event and forwards an
 * {@link Alert} when a verdict (accounts) or a finding (client IPs) opens a new episode. Key:
 * account, or {@code ip:<address>}. Only wiring lives here; the rules are in the detectors.
 */
public final class DetectionProcessor implements Processor<String, AccountEvent, String, Alert> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DetectionProcessor.class);
  /**
   * Late events come in runs (a host's partition far behind the others while catching up): one line a
   * minute names an example and how many more there were; the {@code sentinel.late.records.dropped} counter has them all.
   */
  private static final java.time.Duration LATE_LOG_INTERVAL = java.time.Duration.ofMinutes(1);
  private final RateLimitedLog lateLog = new RateLimitedLog(LOG, LATE_LOG_INTERVAL, java.time.Clock.systemUTC());
  private final String storeName;
  private final DetectionSettings settings;
  private final SentinelMeters meters;
  private final CountryLookup geo;
  private final VolumeSpikeDetector volume;
  private final LoginGeographyDetector geography;
  private final ClientIpSpreadDetector ipSpread;
  private final BounceStormDetector bounceStorm;
  private final BackscatterDetector backscatter;
  private final LoginAfterFailuresDetector loginAfterFailures;
  private final BruteForceDetector bruteForce;
  private final CredentialStuffingDetector stuffing;
  private final VerdictCombiner verdicts;
  private ProcessorContext<String, Alert> context;
  private KeyValueStore<String, SubjectState> store;

  public DetectionProcessor(String storeName, DetectionSettings settings, SentinelMeters meters, CountryLookup geo) {
    this.storeName = storeName;
    this.settings = settings;
    this.meters = meters;
    this.geo = geo;
    this.volume = new VolumeSpikeDetector(settings.volume());
    this.geography = new LoginGeographyDetector(settings.geo());
    this.ipSpread = new ClientIpSpreadDetector(settings.geo());
    this.bounceStorm = new BounceStormDetector(settings.bounce());
    this.backscatter = new BackscatterDetector(settings.bounce(), settings.volume());
    this.loginAfterFailures = new LoginAfterFailuresDetector(settings.sourceIp());
    this.bruteForce = new BruteForceDetector(settings.sourceIp());
    this.stuffing = new CredentialStuffingDetector(settings.sourceIp());
    this.verdicts = new VerdictCombiner(settings.verdict());
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, AccountEvent> record) {
    AccountEvent event = record.value();
    if (changesNothing(event)) {
      return;
    }
    Instant now = event.time();
    long minute = now.getEpochSecond() / 60;
    SubjectState stored = store.get(record.key());
    SubjectState state = stored != null ? stored : SubjectState.empty(now);
    if (state.latestMinute() != Long.MIN_VALUE && minute <= state.latestMinute() - MinuteCounts.SPAN) {
      meters.lateRecord();
      lateLog.warn("Skipped a late {} for {} at {}: older than the one-hour window ending {} ({})", event.getClass().getSimpleName(),
          record.key(), now, Instant.ofEpochSecond(state.latestMinute() * 60),
          context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("no record metadata"));
      return;
    }
    state = closeEndedEpisodes(record.key(), state, now);
    if (record.key().startsWith("ip:")) {
      state = sourceIp(record.key(), update(state, event, minute), event, minute, now);
    } else {
      state = account(record.key(), update(state, event, minute), event, minute, now);
    }
    // Most events (delivered recipients) change nothing: no write, so nothing to serialize at the commit.
    if (state != stored) {
      store.put(record.key(), state);
    }
  }

  /**
   * A recipient delivered, deferred or expired counts in no window (bounce storms count bounces against
   * submitted recipients), so it can neither raise nor end a finding: skip the state and the detectors.
   * These are most of the events, one per recipient.
   */
  private static boolean changesNothing(AccountEvent event) {
    return event instanceof AccountEvent.Delivery d && d.outcome() != MtaEvent.Outcome.BOUNCED;
  }

  private SubjectState update(SubjectState state, AccountEvent event, long minute) {
    if (event instanceof AccountEvent.MessageSubmitted m) {
      SubjectState s = state.withMessages(state.messages().add(minute, 1), state.recipients().add(minute, m.recipients()))
          .withClientIp(m.clientIp(), minute, settings.trackedClientIps())
          .withBaseline(state.baseline().record(minute / 60, m.recipients(), settings.volume()));
      meters.accountSend(m.account());
      if (m.clientIp() != null) {
        GeoInfo info = geo.lookup(m.clientIp());
        meters.loginCountry(info.isCountry() ? info.country() : "ZZ");
        s = LoginHistory.record(s, info, minute, settings.geo());
      }
      return s;
    } else if (event instanceof AccountEvent.Login l) {
      return state.withMessages(state.messages().add(minute, 1), state.recipients())
          .withPeer(l.account(), minute, settings.sourceIp().trackedAccounts());
    } else if (event instanceof AccountEvent.Delivery d && d.outcome() == MtaEvent.Outcome.BOUNCED) {
      boolean policy = d.dsn() != null && d.dsn().startsWith("5.7.");
      return state.withBounced(state.bounced().add(minute, 1), policy ? state.policyBounced().add(minute, 1) : state.policyBounced());
    } else if (event instanceof AccountEvent.AccountLoginFailed f) {
      // Accounts remember which IPs failed to log in as them (peers), to see one of them get in later.
      return state.withAuthFailures(state.authFailures().add(minute, 1)).withPeer(f.clientIp(), minute, settings.sourceIp().trackedAccounts());
    } else if (event instanceof AccountEvent.LoginFailed) {
      return state.withAuthFailures(state.authFailures().add(minute, 1));
    } else if (event instanceof AccountEvent.InboundBounce) {
      return state.withInboundBounces(state.inboundBounces().add(minute, 1));
    }
    return state;
  }

  private SubjectState account(String account, SubjectState state, AccountEvent event, long minute, Instant now) {
    List<Finding> findings = new ArrayList<>();
    volume.evaluate(state, minute).ifPresent(findings::add);
    geography.evaluate(state, minute).ifPresent(findings::add);
    ipSpread.evaluate(state, minute).ifPresent(findings::add);
    bounceStorm.evaluate(state, minute).ifPresent(findings::add);
    backscatter.evaluate(state, minute).ifPresent(findings::add);
    loginAfterFailures.evaluate(state, minute).ifPresent(findings::add);
    Optional<Verdict> verdict = verdicts.combine(findings);
    if (verdict.isEmpty()) {
      return state;
    }
    Verdict v = verdict.get();
    if (Verdict.COMPROMISED.equals(v.type())) {
      state = state.withBaseline(state.baseline().markCompromised());
    }
    Map<String, Episode> episodes = new HashMap<>(state.episodes());
    Episode compromised = episodes.get(Verdict.COMPROMISED);
    if (Verdict.SUSPICIOUS.equals(v.type()) && compromised != null) {
      episodes.put(Verdict.COMPROMISED, compromised.seenAt(now)); // already at the stronger verdict
      return state.withEpisodes(episodes);
    }
    Episode current = episodes.get(v.type());
    if (current != null) {
      episodes.put(v.type(), current.seenAt(now));
      return state.withEpisodes(episodes);
    }
    Alert alert = AlertFactory.forAccount(account, v, state, minute, now);
    episodes.put(v.type(), new Episode(v.type(), alert.firstSeen(), now));
    emit(account, alert, event);
    return state.withEpisodes(episodes);
  }

  private SubjectState sourceIp(String subject, SubjectState state, AccountEvent event, long minute, Instant now) {
    List<Finding> findings = new ArrayList<>(2);
    bruteForce.evaluate(state, minute).ifPresent(findings::add);
    stuffing.evaluate(state, minute).ifPresent(findings::add);
    if (findings.isEmpty()) {
      return state;
    }
    Map<String, Episode> episodes = new HashMap<>(state.episodes());
    for (Finding f : findings) {
      Episode current = episodes.get(f.type());
      if (current != null) {
        episodes.put(f.type(), current.seenAt(now));
      } else {
        Alert alert = AlertFactory.forIp(subject, f, now);
        episodes.put(f.type(), new Episode(f.type(), alert.firstSeen(), now));
        emit(subject, alert, event);
      }
    }
    return state.withEpisodes(episodes);
  }

  private void emit(String subject, Alert alert, AccountEvent event) {
    context.forward(new Record<>(subject, alert, alert.detectedAt().toEpochMilli()));
    meters.alertEmitted(alert, event.readAt());
  }

  private SubjectState closeEndedEpisodes(String subject, SubjectState state, Instant now) {
    if (state.episodes().isEmpty()) {
      return state;
    }
    Map<String, Episode> open = new HashMap<>(state.episodes());
    boolean closedAny = open.values().removeIf(e -> e.endedBy(now, settings.episodeQuiet()));
    if (!closedAny) {
      return state;
    }
    if (open.isEmpty()) {
      meters.episodeClosed(subject); // the account's flagged gauge clears with its last episode
    }
    return state.withEpisodes(open);
  }
}
