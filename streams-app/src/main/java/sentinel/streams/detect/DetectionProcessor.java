package sentinel.streams.detect;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import sentinel.streams.metrics.SentinelMeters;
import sentinel.streams.model.AccountEvent;
import sentinel.streams.model.Alert;
import sentinel.streams.model.MtaEvent;

/**
 * Keeps each subject's {@link SubjectState}, runs the detectors after every event and forwards an
 * {@link Alert} when a finding opens a new episode. Key: account, or {@code ip:<address>}.
 */
public final class DetectionProcessor implements Processor<String, AccountEvent, String, Alert> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DetectionProcessor.class);
  private final String storeName;
  private final DetectionSettings settings;
  private final SentinelMeters meters;
  private final VolumeSpikeDetector volume;
  private final BruteForceDetector bruteForce;
  private ProcessorContext<String, Alert> context;
  private KeyValueStore<String, SubjectState> store;

  public DetectionProcessor(String storeName, DetectionSettings settings, SentinelMeters meters) {
    this.storeName = storeName;
    this.settings = settings;
    this.meters = meters;
    this.volume = new VolumeSpikeDetector(settings);
    this.bruteForce = new BruteForceDetector(settings);
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, AccountEvent> record) {
    AccountEvent event = record.value();
    Instant now = event.time();
    long minute = now.getEpochSecond() / 60;
    SubjectState state = Optional.ofNullable(store.get(record.key())).orElseGet(() -> SubjectState.empty(now));
    if (state.latestMinute() != Long.MIN_VALUE && minute <= state.latestMinute() - MinuteCounts.SPAN) {
      meters.lateRecord();
      LOG.warn("Skipped a late {} for {} at {}: older than the one-hour window ending {} ({})", event.getClass().getSimpleName(),
          record.key(), now, Instant.ofEpochSecond(state.latestMinute() * 60),
          context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("no record metadata"));
      return;
    }
    Optional<Finding> finding = Optional.empty();
    if (event instanceof AccountEvent.MessageSubmitted m) {
      state = state.withMessages(state.messages().add(minute, 1), state.recipients().add(minute, m.recipients()))
          .withClientIp(m.clientIp(), minute, settings.trackedClientIps());
      meters.accountSend(m.account());
      finding = volume.evaluate(state, now);
    } else if (event instanceof AccountEvent.Login l) {
      state = state.withClientIp(l.clientIp(), minute, settings.trackedClientIps());
    } else if (event instanceof AccountEvent.Delivery d) {
      if (d.outcome() == MtaEvent.Outcome.BOUNCED) {
        state = state.withBounced(state.bounced().add(minute, 1));
      }
    } else if (event instanceof AccountEvent.LoginFailed) {
      state = state.withAuthFailures(state.authFailures().add(minute, 1));
      finding = bruteForce.evaluate(state, now);
    }
    state = closeEndedEpisodes(record.key(), state, now);
    if (finding.isPresent()) {
      state = open(record.key(), state, finding.get(), event, now);
    }
    store.put(record.key(), state);
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
      meters.episodeClosed(subject);
    }
    return state.withEpisodes(open);
  }

  private SubjectState open(String subject, SubjectState state, Finding f, AccountEvent event, Instant now) {
    Map<String, Episode> episodes = new HashMap<>(state.episodes());
    Episode current = episodes.get(f.type());
    if (current != null) {
      episodes.put(f.type(), current.seenAt(now));
      return state.withEpisodes(episodes);
    }
    Instant firstSeen = firstSeen(state, now);
    String id = subject + "/" + f.type() + "/" + firstSeen.getEpochSecond() / 60;
    episodes.put(f.type(), new Episode(id, f.type(), firstSeen, now));
    Alert alert = new Alert(id, f.type(), f.severity().name(), subject, f.window(), f.observed(), f.baseline(),
        List.of(), sample(f.clientIps()), f.reasons(), f.advice(), firstSeen, now);
    context.forward(new Record<>(subject, alert, now.toEpochMilli()));
    meters.alertEmitted(alert, event.readAt());
    return state.withEpisodes(episodes);
  }

  /** The start of the current burst: the earliest minute of the 10-minute window with activity. */
  private static Instant firstSeen(SubjectState state, Instant now) {
    long minute = now.getEpochSecond() / 60;
    for (long m = minute - VolumeSpikeDetector.WINDOW_MINUTES + 1; m <= minute; m++) {
      if (state.messages().sum(m, 1) > 0 || state.authFailures().sum(m, 1) > 0) {
        Instant start = Instant.ofEpochSecond(m * 60);
        return start.isBefore(state.firstActivity()) ? state.firstActivity() : start;
      }
    }
    return now;
  }

  private static List<String> sample(List<String> ips) {
    return ips.size() <= 10 ? ips : ips.subList(0, 10);
  }
}
