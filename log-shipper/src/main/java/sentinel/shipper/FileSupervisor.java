package sentinel.shipper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.shipper.checkpoint.Checkpoint;
import sentinel.shipper.checkpoint.FileCheckpoint;
import sentinel.shipper.config.ShipperConfig;
import sentinel.shipper.config.StartAt;
import sentinel.shipper.discover.FileEvent;
import sentinel.shipper.discover.FileEvents;
import sentinel.shipper.discover.PathScanner;
import sentinel.shipper.identity.FileFingerprint;
import sentinel.shipper.identity.FileKey;
import sentinel.shipper.identity.Fingerprinter;
import sentinel.shipper.sink.KafkaLineSink;
import sentinel.common.logging.RateLimitedLog;
import sentinel.shipper.tail.FileTailer;

/**
 * Keeps the set of open files in step with the disk (new files, renames, truncation, copies) and
 * moves their lines into the sink. Used by the shipper's loop thread only.
 */
final class FileSupervisor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FileSupervisor.class);

  private final ShipperConfig config;
  private final KafkaLineSink sink;
  private final ShipperMeters meters;
  private final Clock clock;
  private final PathScanner scanner;
  private final Fingerprinter fingerprinter = new Fingerprinter();
  private final Map<String, FileTailer> tailers = new LinkedHashMap<>();
  private final List<FileTailer> retiring = new ArrayList<>();
  private final Map<String, FileCheckpoint> unmatched = new LinkedHashMap<>();
  private final Map<String, Integer> generations = new HashMap<>();
  private final Map<Path, Long> deferredSince = new HashMap<>();
  private final RateLimitedLog ioLog;
  private final LinePump pump;
  private final boolean startAtEnd;
  private Map<Path, FileKey> previousScan = Map.of();
  private boolean firstScan = true;

  FileSupervisor(ShipperConfig config, Checkpoint checkpoint, boolean checkpointWasCorrupt, KafkaLineSink sink,
      ShipperMeters meters, Clock clock) {
    this.config = config;
    this.sink = sink;
    this.meters = meters;
    this.clock = clock;
    this.scanner = new PathScanner(config.paths());
    this.ioLog = new RateLimitedLog(LOG, java.time.Duration.ofSeconds(30), clock);
    this.pump = new LinePump(config, sink, meters, fingerprinter, clock, ioLog);
    // After a corrupt checkpoint, starting at the end would silently skip unshipped lines.
    this.startAtEnd = config.startAt() == StartAt.END && !checkpointWasCorrupt;
    for (FileCheckpoint fc : checkpoint.files()) {
      unmatched.put(fc.fileId(), fc);
      String base = fc.fingerprint().fileId();
      int dot = fc.fileId().lastIndexOf('.');
      int gen = 0;
      if (dot > 0 && fc.fileId().startsWith(base)) {
        try {
          gen = Integer.parseInt(fc.fileId().substring(dot + 1));
        } catch (NumberFormatException e) {
          LOG.debug("checkpoint file id {} has no generation suffix", fc.fileId());
        }
      }
      generations.merge(base, gen + 1, Math::max);
    }
  }

  /** Reconciles open files with what is on disk now. */
  void scan() {
    long now = clock.millis();
    Map<Path, FileKey> keys = new LinkedHashMap<>();
    for (Path p : scanner.scan()) {
      try {
        keys.put(p, fingerprinter.key(p));
      } catch (IOException e) {
        LOG.debug("{} vanished while scanning: {}", p, e.getMessage());
      }
    }
    if (!firstScan) {
      for (FileEvent event : FileEvents.diff(previousScan, keys)) {
        logEvent(event);
      }
    }
    previousScan = keys;

    for (FileTailer t : List.copyOf(tailers.values())) {
      try {
        if (t.check(fingerprinter) == FileTailer.State.TRUNCATED) {
          truncated(t, keys);
        }
      } catch (IOException e) {
        ioLog.warn("Cannot check {}: {}", t.path(), e.getMessage());
      }
    }
    Map<FileKey, Path> pathByKey = new HashMap<>();
    keys.forEach((p, k) -> pathByKey.put(k, p));
    Map<FileKey, FileTailer> claimed = new HashMap<>();
    for (FileTailer t : tailers.values()) {
      Path p = pathByKey.get(t.fingerprint().key());
      t.atWatchedPath(p != null);
      if (p != null) {
        t.path(p);
        claimed.put(t.fingerprint().key(), t);
      }
    }
    startNewFiles(keys, claimed, now);
    closeFinished(now);
    firstScan = false;
  }

  private void startNewFiles(Map<Path, FileKey> keys, Map<FileKey, FileTailer> claimed, long now) {
    Map<Path, FileFingerprint> fresh = new LinkedHashMap<>();
    keys.forEach((path, key) -> {
      if (!claimed.containsKey(key)) {
        try {
          fingerprinter.fingerprint(path).ifPresent(f -> fresh.put(path, f));
        } catch (IOException e) {
          LOG.debug("{} vanished before it could be fingerprinted: {}", path, e.getMessage());
        }
      }
    });
    // Files the checkpoint knows go first, so a copy cannot take a checkpoint entry from its original.
    for (Iterator<Map.Entry<Path, FileFingerprint>> it = fresh.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Path, FileFingerprint> e = it.next();
      Optional<FileCheckpoint> exact = unmatched.values().stream()
          .filter(fc -> fc.fingerprint().equals(e.getValue())).findFirst();
      if (exact.isPresent()) {
        unmatched.remove(exact.get().fileId());
        resume(e.getKey(), e.getValue(), exact.get(), now);
        it.remove();
      }
    }
    for (Map.Entry<Path, FileFingerprint> e : fresh.entrySet()) {
      Path path = e.getKey();
      FileFingerprint f = e.getValue();
      Optional<FileCheckpoint> copyOfCheckpointed = firstScan ? unmatched.values().stream()
          .filter(fc -> fc.fingerprint().sameHead(f) && sizeOf(path) >= fc.offset()).findFirst() : Optional.empty();
      if (copyOfCheckpointed.isPresent()) {
        // Copytruncate while the shipper was down: the copy holds the checkpointed content.
        FileCheckpoint fc = unmatched.remove(copyOfCheckpointed.get().fileId());
        LOG.info("{} has the first line of checkpointed {} ({}): continuing from it at offset {}",
            path, fc.path(), fc.fileId(), fc.offset());
        resume(path, f, fc, now);
      } else if (!waitingForCopy(path, f, now)) {
        open(path, f, null, firstScan && startAtEnd ? endOf(path) : 0, now);
      }
    }
    if (firstScan) {
      unmatched.values().forEach(fc -> LOG.warn("Checkpointed file {} ({}) is no longer at a watched path; lines "
          + "after offset {} that were not shipped before it was rotated or deleted cannot be read", fc.path(),
          fc.fileId(), fc.offset()));
      unmatched.clear();
    }
  }

  /**
   * A new file whose first line equals an open file's is probably a copytruncate copy in progress;
   * it waits up to {@code shipper.copy.wait} for the original to be truncated, instead of being
   * shipped again from byte 0.
   */
  private boolean waitingForCopy(Path path, FileFingerprint f, long now) {
    boolean lookalike = tailers.values().stream()
        .anyMatch(t -> t.fingerprint().sameHead(f) && !t.fingerprint().key().equals(f.key()));
    if (!lookalike) {
      deferredSince.remove(path);
      return false;
    }
    Long since = deferredSince.putIfAbsent(path, now);
    if (since == null) {
      LOG.info("{} starts like a file already tailed; waiting up to {} to see whether it is a copytruncate copy",
          path, config.copyWait());
      return true;
    }
    if (now - since < config.copyWait().toMillis()) {
      return true;
    }
    deferredSince.remove(path);
    return false;
  }

  private void truncated(FileTailer t, Map<Path, FileKey> keys) throws IOException {
    meters.rotation(false);
    for (Map.Entry<Path, FileKey> e : keys.entrySet()) {
      if (e.getValue().equals(t.fingerprint().key()) || isOpen(e.getValue())) {
        continue;
      }
      Optional<FileFingerprint> f = fingerprinter.fingerprint(e.getKey());
      if (f.isPresent() && f.get().sameHead(t.fingerprint()) && sizeOf(e.getKey()) >= t.position()) {
        LOG.info("Copytruncate: {} was truncated; continuing {} from its copy {} at offset {}",
            t.path(), t.fileId(), e.getKey(), t.position());
        t.moveTo(e.getKey(), f.get());
        deferredSince.remove(e.getKey());
        return;
      }
    }
    LOG.warn("{} was truncated or rewritten in place (size {} vs read offset {}); reading it again from the start "
        + "under a new file id. Lines written between offset {} and the truncation, if any, were not read.",
        t.path(), t.size(), t.position(), t.position());
    tailers.remove(t.fileId());
    retiring.add(t); // its lines already read are still sent; the old content is gone, so no checkpoint
  }

  /** One read-and-send pass over the open files; true when a file has more to read right away. */
  boolean readPass() {
    return pump.pass(retiring, tailers.values());
  }

  /** Committed offsets of the open files. */
  List<FileCheckpoint> checkpointEntries() {
    List<FileCheckpoint> out = new ArrayList<>();
    for (FileTailer t : tailers.values()) {
      out.add(FileCheckpoint.of(t.fileId(), t.path().toString(), t.fingerprint(), t.acks().committed()));
    }
    return out;
  }

  void updateGauges() {
    long lag = 0;
    for (FileTailer t : tailers.values()) {
      try {
        lag += Math.max(0, t.size() - t.acks().committed());
      } catch (IOException e) {
        LOG.debug("cannot size {}: {}", t.path(), e.getMessage());
      }
    }
    meters.checkpointLag(lag);
    meters.filesWatched(tailers.size());
  }

  private void closeFinished(long now) {
    for (Iterator<FileTailer> it = tailers.values().iterator(); it.hasNext(); ) {
      FileTailer t = it.next();
      try {
        if (!t.atWatchedPath() && !t.hasUnreadBytes() && now - t.lastGrowthMillis() >= config.closeInactive().toMillis()) {
          t.finish(); // rotated away and idle: its last line will not get a newline any more
          if (t.drained()) {
            LOG.info("Finished {} ({}) at offset {}: no longer at a watched path", t.path(), t.fileId(), t.position());
            t.close();
            it.remove();
          }
        }
      } catch (IOException e) {
        ioLog.warn("Cannot check {}: {}", t.path(), e.getMessage());
      }
    }
    for (Iterator<FileTailer> it = retiring.iterator(); it.hasNext(); ) {
      FileTailer t = it.next();
      if (t.drained()) {
        closeQuietly(t);
        it.remove();
      }
    }
  }

  private void resume(Path path, FileFingerprint f, FileCheckpoint fc, long now) {
    if (sizeOf(path) < fc.offset()) {
      LOG.warn("{} is shorter ({} bytes) than its checkpoint offset {}: truncated while the shipper was down; reading "
          + "it from the start", path, sizeOf(path), fc.offset());
      meters.rotation(false);
      open(path, f, null, 0, now);
      return;
    }
    LOG.info("Resuming {} ({}) at offset {}", path, fc.fileId(), fc.offset());
    open(path, f, fc.fileId(), fc.offset(), now);
  }

  /** Opens a tailer; a null {@code fileId} means a new stream, which gets {@link #newFileId}. */
  private void open(Path path, FileFingerprint f, String knownFileId, long start, long now) {
    String fileId = knownFileId != null ? knownFileId : newFileId(f);
    try {
      Optional<FileTailer> t = FileTailer.open(path, f, fileId, start, config.maxLineBytes(), fingerprinter, now);
      if (t.isEmpty()) {
        LOG.debug("{} changed while being opened; trying again next scan", path);
        return;
      }
      tailers.put(fileId, t.get());
      if (knownFileId == null) {
        generations.merge(f.fileId(), 1, Integer::sum);
      }
      if (knownFileId == null) {
        LOG.info("Tailing {} ({}) from offset {}", path, fileId, start);
      }
    } catch (IOException e) {
      ioLog.warn("Cannot open {}: {}", path, e.getMessage());
    }
  }

  /** The fingerprint's id, or id.N when a rewrite in place gave the same file the same first line again. */
  private String newFileId(FileFingerprint f) {
    String base = f.fileId();
    int gen = generations.getOrDefault(base, 0);
    return gen == 0 ? base : base + "." + gen;
  }

  private boolean isOpen(FileKey key) {
    return tailers.values().stream().anyMatch(t -> t.fingerprint().key().equals(key));
  }

  private void logEvent(FileEvent event) {
    // Java 17: no pattern-matching switch yet; the sealed interface keeps this list complete.
    if (event instanceof FileEvent.Replaced r) {
      meters.rotation(true);
      LOG.info("Rotation: {} is a new file; the previous one is read to its end", r.path());
    } else if (event instanceof FileEvent.Moved m) {
      LOG.info("{} was renamed to {}", m.from(), m.to());
    } else if (event instanceof FileEvent.Deleted d) {
      LOG.info("{} is gone from the watched paths", d.path());
    } else if (event instanceof FileEvent.Created c) {
      LOG.debug("New file {}", c.path());
    }
  }

  /** shipper.start.at=end: skip what is there, but never start in the middle of a line. */
  private long endOf(Path path) {
    try {
      return FileTailer.lastLineEnd(path, config.maxLineBytes());
    } catch (IOException e) {
      return 0;
    }
  }

  private static long sizeOf(Path p) {
    try {
      return java.nio.file.Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  private static void closeQuietly(FileTailer t) {
    try {
      t.close();
    } catch (IOException e) {
      LOG.debug("closing {}: {}", t.path(), e.getMessage());
    }
  }

  @Override
  public void close() {
    tailers.values().forEach(FileSupervisor::closeQuietly);
    retiring.forEach(FileSupervisor::closeQuietly);
    tailers.clear();
    retiring.clear();
  }
}
