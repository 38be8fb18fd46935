package sentinel.hook.metrics;

import java.util.Locale;

/** The MTA-facing protocols the hook speaks; the lower-case name is the metric tag. */
public enum Protocol {
  POSTFIX,
  EXIM;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
