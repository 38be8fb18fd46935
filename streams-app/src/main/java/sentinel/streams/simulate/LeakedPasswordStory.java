package sentinel.streams.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The demo's story as timed log lines: ordinary customers send a trickle of mail from their usual
 * client IP; after {@code leakAfter} the leaked account is used from many botnet IPs to send a
 * burst of spam, about a third of it to addresses that do not exist.
 *
 * @param accounts how many ordinary accounts
 * @param leakedAccount the account whose password leaked
 * @param leakAfter when the burst starts, from the story's start
 * @param spamPerSecond messages per second during the burst
 * @param botnetIps how many client IPs the burst comes from
 */
public record LeakedPasswordStory(int accounts, String leakedAccount, Duration leakAfter, double spamPerSecond, int botnetIps) {

  /** A line to be written at {@code at}. */
  public record TimedLine(Instant at, String line) {}

  public static LeakedPasswordStory demo() {
    return new LeakedPasswordStory(30, "victim@customer-shop.example", Duration.ofSeconds(20), 6, 20);
  }

  /** The lines of the second starting at {@code second} (0-based) after {@code start}, in order. */
  public List<TimedLine> secondOfStory(long second, Instant start, PostfixLogWriter writer, RandomGenerator random) {
    List<TimedLine> out = new ArrayList<>();
    Instant t = start.plusSeconds(second);
    // Ordinary customers: each sends about one message every two minutes.
    for (int i = 0; i < accounts; i++) {
      if (random.nextDouble() < 1.0 / 120) {
        String account = "user" + i + "@customer" + (i % 7) + ".example";
        String ip = "198.51.100." + (10 + i);
        add(out, t, writer.authenticatedMessage(t, account, ip, recipients(random, 1 + random.nextInt(3), 0)));
      }
    }
    if (random.nextDouble() < 0.02) {
      out.add(new TimedLine(t, writer.authFailure(t, "203.0.113." + (1 + random.nextInt(200)), "user" + random.nextInt(accounts) + "@customer1.example")));
    }
    if (second >= leakAfter.toSeconds()) {
      int burst = (int) spamPerSecond + (random.nextDouble() < spamPerSecond % 1 ? 1 : 0);
      for (int i = 0; i < burst; i++) {
        String ip = botnetIp(random.nextInt(botnetIps));
        add(out, t, writer.authenticatedMessage(t, leakedAccount, ip, recipients(random, 1 + random.nextInt(8), 0.3)));
      }
    }
    return out;
  }

  private static void add(List<TimedLine> out, Instant t, List<String> lines) {
    lines.forEach(l -> out.add(new TimedLine(t, l)));
  }

  private static String botnetIp(int i) {
    // Documentation ranges stand in for botnet hosts abroad (RFC 5737 / RFC 3849 style).
    return "203.0.113." + (100 + i);
  }

  private static List<String> recipients(RandomGenerator random, int n, double unknownShare) {
    List<String> r = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String local = random.nextDouble() < unknownShare ? "nouser" + random.nextInt(100000) : "contact" + random.nextInt(100000);
      r.add(local + "@recipient" + random.nextInt(50) + ".example");
    }
    return r;
  }
}
