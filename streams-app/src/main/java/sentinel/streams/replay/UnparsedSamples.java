package sentinel.streams.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sentinel.streams.parse.MtaLineParser;
import sentinel.streams.parse.ParseResult;

/**
 * Keeps a few example lines per reason the topology could not read. The topology counts those lines
 * in its meters but does not keep them; so when a batch raised the count, the batch is parsed once
 * more here to find the examples, until every reason has enough of them. The cost is paid only for
 * batches with new unreadable lines, and only while examples are missing.
 */
final class UnparsedSamples {
  private final MtaLineParser parser;
  private final int perReason;
  private final int maxReasons;
  private final Map<String, List<String>> samples = new HashMap<>();

  UnparsedSamples(MtaLineParser parser, int perReason, int maxReasons) {
    this.parser = parser;
    this.perReason = perReason;
    this.maxReasons = maxReasons;
  }

  /** True while a new reason could still get examples. */
  boolean wantsMore() {
    return samples.size() < maxReasons || samples.values().stream().anyMatch(l -> l.size() < perReason);
  }

  void collect(List<String> lines, List<Instant> readAt) {
    for (int i = 0; i < lines.size() && wantsMore(); i++) {
      ParseResult r = parser.parse(lines.get(i), null, readAt.get(i));
      if (r instanceof ParseResult.Unsupported u) {
        String reason = u.mta() + "/" + u.program() + ": " + u.reason();
        List<String> l = samples.get(reason);
        if (l == null && samples.size() < maxReasons) {
          l = new ArrayList<>();
          samples.put(reason, l);
        }
        if (l != null && l.size() < perReason) {
          l.add(lines.get(i));
        }
      }
    }
  }

  List<ReplayReport.Sample> all() {
    List<ReplayReport.Sample> out = new ArrayList<>();
    samples.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> e.getValue().forEach(line -> out.add(new ReplayReport.Sample(e.getKey(), line))));
    return out;
  }
}
