package sentinel.streams.parse;

import java.util.List;
import sentinel.streams.parse.exim.EximParser;
import sentinel.streams.parse.postfix.PostfixParser;
import sentinel.streams.parse.sendmail.SendmailParser;

/** The parsers of every supported MTA, in the order they are tried. */
public final class MtaParsers {
  private MtaParsers() {}

  public static List<MtaParser> all() {
    return List.of(new PostfixParser(), new EximParser(), new SendmailParser());
  }
}
