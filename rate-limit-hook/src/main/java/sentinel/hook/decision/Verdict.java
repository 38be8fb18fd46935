package sentinel.hook.decision;

/**
 * What the hook answers for one request, independent of the MTA's wire format.
 *
 * @param kind the action
 * @param reason a single line of text for the MTA's log (HOLD) or the client's reply (DEFER)
 */
public record Verdict(Kind kind, String reason) {
  /** The three answers an MTA can get. */
  public enum Kind { DUNNO, HOLD, DEFER }

  public static final Verdict DUNNO = new Verdict(Kind.DUNNO, "");
  private static final int MAX_REASON = 200;

  public Verdict {
    reason = oneLine(reason);
  }

  public static Verdict hold(String reason) {
    return new Verdict(Kind.HOLD, reason);
  }

  public static Verdict defer(String reason) {
    return new Verdict(Kind.DEFER, reason);
  }

  /** Reasons come from the topic: no line breaks or control characters may reach the MTA. */
  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_REASON));
    for (int i = 0; i < s.length() && b.length() < MAX_REASON; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return b.toString().trim();
  }
}
