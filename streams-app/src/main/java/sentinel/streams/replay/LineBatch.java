package sentinel.streams.replay;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Lines ready to be piped into the topology, with what the unparsed samples need to re-read them,
 * and how far the reading had got when the batch was cut (for the progress bar).
 *
 * @param records one record per line: host as key, the line's bytes as value, its log time as timestamp
 * @param lines the lines as read
 * @param times each line's log time
 * @param linesRead lines read from all files so far, this batch included
 * @param bytesRead bytes read from disk so far
 */
record LineBatch(List<TestRecord<String, byte[]>> records, List<String> lines, List<Instant> times, long linesRead,
    long bytesRead) {}
