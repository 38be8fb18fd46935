package sentinel.streams.replay;

import java.time.Instant;
import java.util.List;

/**
 * What reading every file found.
 *
 * @param sources the files, oldest first
 * @param linesRead all lines read
 * @param linesInRange lines within --since/--until, the ones piped into the topology
 * @param bytesRead bytes read from disk (compressed bytes for gzip files)
 * @param first the earliest line time in range; null when none was
 * @param last the latest line time in range; null when none was
 */
record FeedTotals(List<ReplayReport.SourceFile> sources, long linesRead, long linesInRange, long bytesRead, Instant first,
    Instant last) {}
