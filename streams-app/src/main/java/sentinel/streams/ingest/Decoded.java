package sentinel.streams.ingest;

/** A raw record after decoding: a line, or a record that is no line at all (dead-lettered). */
public sealed interface Decoded {
  record Line(LogLine line) implements Decoded {}

  /** @param deadLetter the JSON record written to the dead-letter topic, with reason and provenance */
  record Rejected(String reason, String deadLetter) implements Decoded {}
}
