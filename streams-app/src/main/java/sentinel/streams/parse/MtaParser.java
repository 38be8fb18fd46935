package sentinel.streams.parse;

import sentinel.streams.parse.framing.FramedLine;

/** Parses the message part of one MTA's lines into events. One implementation per MTA. */
public interface MtaParser {
  /** Short MTA name used in metrics tags: postfix, exim, sendmail. */
  String mta();

  /** True when a line from {@code program} belongs to this MTA. */
  boolean handles(String program);

  ParseResult parse(FramedLine line, String host);
}
