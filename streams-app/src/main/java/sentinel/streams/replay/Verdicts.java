package sentinel.streams.replay;

import java.util.List;
import java.util.Set;

/**
 * How alert types group into the verdicts an admin reads first, most urgent first. A subject with
 * several alert types goes to its most urgent group. An alert type not listed here still appears:
 * in "Other accounts to check" or "Other source IPs to check", with the detector's own reasons and
 * advice, so a new detector shows up in the report without a change here.
 */
final class Verdicts {
  /**
   * @param types alert types that put a subject in this group; empty for a catch-all
   * @param forIps true when the catch-all is for {@code ip:} subjects
   * @param actions what to do, before the detectors' own advice
   */
  record Group(String id, String title, String meaning, Set<String> types, boolean forIps, List<String> actions) {}

  static final List<Group> GROUPS = List.of(
      new Group("compromised", "Accounts that look compromised",
          "Someone other than the owner is sending through these accounts (password leaked or guessed).",
          Set.of("COMPROMISED"), false,
          List.of("Reset the account's password now and end its open sessions (IMAP/SMTP, webmail).",
              "Review the held mail: postqueue -p; release what the customer really sent with postsuper -H <queue-id>,"
                  + " delete the spam with postsuper -d <queue-id>.",
              "Ask the customer to check the devices that use this password (malware, phishing).")),
      new Group("backscatter", "Inboxes hit by backscatter from spoofing",
          "Bounces for mail these accounts never sent: someone elsewhere forges their address as sender."
              + " The accounts are not compromised.",
          Set.of("BACKSCATTER"), false,
          List.of("Do not reset the password: the account itself is not sending this mail.",
              "Publish DMARC p=reject for the domain (after SPF and DKIM pass for its real mail), so receivers"
                  + " drop the forgeries instead of bouncing them here.",
              "Optionally reject bounces that answer no message this server sent (BATV / bounce address tagging).")),
      new Group("bruteforce", "IPs that brute-forced or stuffed credentials",
          "Many failed logins from one client IP: someone is guessing passwords.",
          Set.of("BRUTE_FORCE", "CREDENTIAL_STUFFING"), true,
          List.of("Block the IP on the submission ports (firewall, fail2ban postfix-sasl jail).",
              "If any account logged in successfully from this IP, treat that account as compromised.")),
      new Group("suspicious", "Other accounts to check",
          "Unusual activity that is not conclusive on its own.",
          Set.of("SUSPICIOUS", "VOLUME_SPIKE", "NEW_COUNTRY", "BOUNCE_STORM"), false,
          List.of("Confirm with the customer that the activity is theirs; if not, handle the account as compromised.")),
      new Group("other-ips", "Other source IPs to check",
          "Client IPs the detectors flagged.",
          Set.of(), true,
          List.of()));

  private Verdicts() {}

  /** True when some group lists {@code type}, so the report has advice of its own for it. */
  static boolean knows(String type) {
    return GROUPS.stream().anyMatch(g -> g.types().contains(type));
  }

  /** The group of a subject with these alert types: the first group that lists one of them. */
  static Group groupOf(String subject, List<String> types) {
    for (Group g : GROUPS) {
      if (types.stream().anyMatch(g.types()::contains)) {
        return g;
      }
    }
    boolean ip = subject.startsWith("ip:");
    return GROUPS.stream().filter(g -> g.forIps() == ip && (ip ? g.id().equals("other-ips") : g.id().equals("suspicious")))
        .findFirst().orElseThrow();
  }
}
