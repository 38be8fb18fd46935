package sentinel.streams.simulate;

/**
 * The stories the simulator can tell, each with what a good monitor should conclude.
 *
 * @param title one line for the summary table
 * @param expectedType the alert type expected for the scenario's subject, or null when nothing should be flagged
 */
public enum Scenario {
  LEAKED_PASSWORD_FAST("leaked password, botnet in 6 countries, 1 msg/s", "COMPROMISED"),
  LEAKED_PASSWORD_SLOW("leaked password, botnet in 4 countries, slow and low (40 msg/h)", "COMPROMISED"),
  CREDENTIAL_STUFFING("one IP logs in to 12 accounts of 10 domains", "CREDENTIAL_STUFFING"),
  BRUTE_FORCE_THEN_SUCCESS("60 password guesses from one IP, then success and spam", "COMPROMISED"),
  HIJACKED_FORM("hijacked PHP contact form sending through pickup", "COMPROMISED"),
  NEWSLETTER("monthly newsletter (4,000 recipients) from a large account", null),
  TRAVELLER("customer travelling abroad (DE to ES), sending normally", null),
  BACKSCATTER("bounce flood to a mailbox forged elsewhere, no outbound growth", "BACKSCATTER"),
  NEW_ACCOUNT("a new account's first day", null);

  private final String title;
  private final String expectedType;

  Scenario(String title, String expectedType) {
    this.title = title;
    this.expectedType = expectedType;
  }

  public String title() {
    return title;
  }

  public String expectedType() {
    return expectedType;
  }

  public boolean expectsFlag() {
    return expectedType != null;
  }
}
