package sentinel.streams.simulate;

import java.time.Instant;
import java.util.List;

/**
 * One simulated account and its habits.
 *
 * @param account SASL user, or {@code local:<user>@<host>} for a local program
 * @param ips the client IPs it normally uses (empty for a local program)
 * @param dailyMessages messages on an average weekday
 * @param activeFrom first day it exists
 * @param trip a period it logs in from elsewhere (null if it stays home)
 */
record Customer(String account, List<String> ips, double dailyMessages, Instant activeFrom, Trip trip) {
  /** Away from {@code from} to {@code to} using {@code ips}; no mail during {@code flight} before it and before its end. */
  record Trip(Instant from, Instant to, java.time.Duration flight, List<String> ips) {}

  boolean isLocal() {
    return account.startsWith("local:");
  }

  /** The IPs used at {@code t}; empty while in transit. */
  List<String> ipsAt(Instant t) {
    if (trip != null && !t.isBefore(trip.from().minus(trip.flight())) && t.isBefore(trip.to())) {
      boolean flying = t.isBefore(trip.from()) || !t.isBefore(trip.to().minus(trip.flight()));
      return flying ? List.of() : trip.ips();
    }
    return ips;
  }
}
