package sentinel.streams.parse;

import sentinel.streams.model.MtaEvent;

/**
 * What became of one line: an event, a line known to carry nothing we need (counted as ignored), or
 * a line we could not read (counted as unsupported, with the reason). Never a silent drop.
 */
public sealed interface ParseResult {
  String mta();

  String program();

  record Parsed(String mta, String program, MtaEvent event) implements ParseResult {}

  record Ignored(String mta, String program, String reason) implements ParseResult {}

  record Unsupported(String mta, String program, String reason) implements ParseResult {}
}
