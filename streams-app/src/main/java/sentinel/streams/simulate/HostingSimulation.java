package sentinel.streams.simulate;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import sentinel.streams.simulate.LeakedPasswordStory.TimedLine;

/**
 * A hosting provider's mail server as Postfix logs it: {@code accounts} customers with office-hours
 * traffic (quiet nights and weekends), for {@code historyDays} days, then one {@link Scenario}.
 * Deterministic for a seed. Customers log in from the {@link IpPlan} blocks of DE, AT and CH.
 */
public final class HostingSimulation {
  public static final String HOST = "mx1";
  /** Hour-of-day weights (UTC) of an office customer's mail. */
  private static final double[] DIURNAL = {
    0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.3, 0.7, 1.0, 1.0, 1.0, 0.9, 0.7, 0.9, 1.0, 1.0, 0.9, 0.7, 0.5, 0.4, 0.3, 0.2, 0.12, 0.08};
  private static final double DIURNAL_SUM = java.util.Arrays.stream(DIURNAL).sum();
  private static final String[] HOME = {"DE", "DE", "DE", "DE", "DE", "DE", "DE", "AT", "AT", "CH"};

  /**
   * @param accounts ordinary customers besides the scenario's own
   * @param historyDays days of ordinary traffic before the incident (the newsletter scenario adds a month)
   * @param warmUpDays days at the start not counted for false alerts: baselines are still being learned
   */
  public record Settings(int accounts, int historyDays, int warmUpDays, long seed, Instant start) {
    /** Start on a Monday at midnight UTC. */
    public static final Instant DEFAULT_START = Instant.parse("2026-10-05T00:00:00Z");

    public Settings(int accounts, int historyDays, int warmUpDays, long seed) {
      this(accounts, historyDays, warmUpDays, seed, DEFAULT_START);
    }

    public static Settings defaults() {
      return new Settings(20, 5, 3, 42);
    }
  }

  /**
   * A simulated stretch of log with its ground truth.
   *
   * @param subject the account or {@code ip:…} the scenario is about
   * @param incidentSubjects every subject an alert may rightly name (the victim, the attacking IP)
   * @param incidentMessages when each message of the incident (spam, or the benign event itself) was submitted
   * @param accountDays accounts times days after the warm-up: the denominator of the false-alert rate
   */
  public record Run(
      Scenario scenario, List<TimedLine> lines, Instant start, Instant warmUpEnd, Instant incidentStart, Instant end,
      String subject, Set<String> incidentSubjects, List<Instant> incidentMessages, double accountDays) {}

  private final Settings settings;
  private final Random random;
  private final PostfixLogWriter writer;
  private final List<TimedLine> lines = new ArrayList<>();
  private final List<Instant> incident = new ArrayList<>();

  private HostingSimulation(Settings settings) {
    this.settings = settings;
    this.random = new Random(settings.seed());
    this.writer = new PostfixLogWriter(HOST, ZoneOffset.UTC, random);
  }

  public static Run build(Scenario scenario, Settings settings) {
    return new HostingSimulation(settings).run(scenario);
  }

  private Run run(Scenario scenario) {
    Instant start = settings.start();
    int days = settings.historyDays() + (scenario == Scenario.NEWSLETTER ? 30 : 0);
    Instant incidentStart = start.plus(Duration.ofDays(days)).plus(Duration.ofHours(10));
    Instant end = start.plus(Duration.ofDays(days + (scenario == Scenario.TRAVELLER ? 4 : 1)));
    List<Customer> customers = new ArrayList<>();
    for (int i = 0; i < settings.accounts(); i++) {
      String home = HOME[i % HOME.length];
      List<String> ips = new ArrayList<>(List.of(IpPlan.of(home).ip(i * 3)));
      if (random.nextDouble() < 0.5) {
        ips.add(IpPlan.of(home).ip(i * 3 + 1)); // a phone on the mobile network
      }
      customers.add(new Customer("user" + i + "@customer" + (i % 10) + ".example", ips, 5 + random.nextInt(40), start, null));
    }
    Set<String> subjects = new LinkedHashSet<>();
    String subject;
    switch (scenario) {
      case LEAKED_PASSWORD_FAST -> {
        subject = customers.get(0).account();
        botnet(subject, incidentStart, Duration.ofMinutes(20), Duration.ofSeconds(1), List.of("BR", "VN", "IN", "RU", "CN", "NG"), 30, 8);
      }
      case LEAKED_PASSWORD_SLOW -> {
        subject = customers.get(0).account();
        botnet(subject, incidentStart, Duration.ofHours(6), Duration.ofSeconds(90), List.of("BR", "VN", "IN", "ID"), 12, 3);
      }
      case CREDENTIAL_STUFFING -> {
        String ip = IpPlan.of("RU").ip(7);
        subject = "ip:" + ip;
        for (int a = 1; a <= 12; a++) {
          subjects.add(customers.get(a % customers.size()).account()); // their passwords are known: alerts about them are right
          Instant t = incidentStart.plus(Duration.ofMinutes(2L * a));
          for (int m = 0; m < 3; m++) {
            spam(t.plusSeconds(m * 20L), customers.get(a % customers.size()).account(), ip, 5);
          }
        }
      }
      case BRUTE_FORCE_THEN_SUCCESS -> {
        String victim = customers.get(2).account();
        String ip = IpPlan.of("CN").ip(3);
        subject = victim;
        subjects.add("ip:" + ip);
        for (int i = 0; i < 60; i++) {
          lines.add(new TimedLine(incidentStart.plusSeconds(i * 10L), writer.authFailure(incidentStart.plusSeconds(i * 10L), ip, victim)));
        }
        Instant success = incidentStart.plus(Duration.ofMinutes(10));
        for (int i = 0; i < 360; i++) {
          spam(success.plusSeconds(i * 10L), victim, ip, 5);
        }
      }
      case HIJACKED_FORM -> {
        // Postfix's pickup logs the uid of the program that called sendmail: www-data is uid 33.
        Customer form = new Customer("local:33@" + HOST, List.of(), 8, start, null);
        customers.add(form);
        subject = form.account();
        for (int i = 0; i < 900; i++) {
          Instant t = incidentStart.plusSeconds(i * 2L);
          incident.add(t);
          add(t, writer.localMessage(t, 33, "www-data", recipients(1, 0.35)));
        }
      }
      case NEWSLETTER -> {
        Customer shop = new Customer("news@big-shop.example", List.of(IpPlan.of("DE").ip(900)), 250, start, null);
        customers.add(shop);
        subject = shop.account();
        newsletter(shop, start.plus(Duration.ofDays(2)).plus(Duration.ofHours(10)), false);
        newsletter(shop, incidentStart, true);
      }
      case TRAVELLER -> {
        Customer home = customers.get(3);
        Customer traveller = new Customer(home.account(), home.ips(), home.dailyMessages(), start,
            new Customer.Trip(incidentStart, incidentStart.plus(Duration.ofDays(3)), Duration.ofHours(5), List.of(IpPlan.of("ES").ip(44))));
        customers.set(3, traveller);
        subject = traveller.account();
      }
      case BACKSCATTER -> {
        subject = customers.get(4).account();
        for (int i = 0; i < 450; i++) {
          Instant t = incidentStart.plusSeconds(i * 24L);
          incident.add(t);
          String remote = IpPlan.BLOCKS.get(4 + random.nextInt(IpPlan.BLOCKS.size() - 4)).ip(random.nextInt(5000));
          add(t, writer.inboundBounce(t, remote, subject));
        }
      }
      case NEW_ACCOUNT -> {
        Customer fresh = new Customer("office@fresh-customer.example", List.of(IpPlan.of("DE").ip(777)), 40,
            incidentStart.minus(Duration.ofHours(1)), null);
        customers.add(fresh);
        subject = fresh.account();
        // Its first day includes telling everyone the new address: one batch of 15 messages.
        for (int i = 0; i < 15; i++) {
          Instant t = incidentStart.plusSeconds(i * 20L);
          incident.add(t);
          add(t, writer.authenticatedMessage(t, fresh.account(), fresh.ips().get(0), recipients(1 + random.nextInt(3), 0.02)));
        }
      }
      default -> throw new IllegalArgumentException(scenario.name());
    }
    subjects.add(subject);
    background(customers, start, end);
    lines.sort(Comparator.comparing(TimedLine::at));
    incident.sort(Comparator.naturalOrder());
    Instant warmUpEnd = start.plus(Duration.ofDays(settings.warmUpDays()));
    double accountDays = customers.size() * (Duration.between(warmUpEnd, end).toMinutes() / 1440.0);
    return new Run(scenario, List.copyOf(lines), start, warmUpEnd, incidentStart, end, subject, subjects, List.copyOf(incident), accountDays);
  }

  /** Spam through a leaked password from {@code ips} botnet hosts in {@code countries}. */
  private void botnet(String account, Instant from, Duration length, Duration every, List<String> countries, int ips, int maxRecipients) {
    List<String> bots = new ArrayList<>();
    for (int i = 0; i < ips; i++) {
      bots.add(IpPlan.of(countries.get(i % countries.size())).ip(1000 + i * 7));
    }
    for (Instant t = from; t.isBefore(from.plus(length)); t = t.plus(every)) {
      spam(t, account, bots.get(random.nextInt(bots.size())), maxRecipients);
    }
  }

  private void spam(Instant t, String account, String ip, int maxRecipients) {
    incident.add(t);
    add(t, writer.authenticatedMessage(t, account, ip, recipients(1 + random.nextInt(maxRecipients), 0.3)));
  }

  /** 80 messages of 50 recipients over 40 minutes, from the shop's usual IP; 1 % of the list is stale. */
  private void newsletter(Customer shop, Instant at, boolean isIncident) {
    for (int i = 0; i < 80; i++) {
      Instant t = at.plusSeconds(i * 30L);
      if (isIncident) {
        incident.add(t);
      }
      add(t, writer.authenticatedMessage(t, shop.account(), shop.ips().get(0), recipients(50, 0.01)));
    }
  }

  /** Ordinary mail of every customer, minute by minute, Poisson-distributed around its diurnal rate. */
  private void background(List<Customer> customers, Instant start, Instant end) {
    for (Instant minute = start; minute.isBefore(end); minute = minute.plusSeconds(60)) {
      var zdt = minute.atZone(ZoneOffset.UTC);
      boolean weekend = zdt.getDayOfWeek() == DayOfWeek.SATURDAY || zdt.getDayOfWeek() == DayOfWeek.SUNDAY;
      double shape = DIURNAL[zdt.getHour()] / DIURNAL_SUM / 60 * (weekend ? 0.3 : 1);
      for (Customer c : customers) {
        if (minute.isBefore(c.activeFrom())) {
          continue;
        }
        int n = poisson(c.dailyMessages() * shape);
        for (int k = 0; k < n; k++) {
          Instant t = minute.plusSeconds(random.nextInt(60));
          if (c.isLocal()) {
            add(t, writer.localMessage(t, 33, "www-data", recipients(1, 0.0)));
            continue;
          }
          List<String> ips = c.ipsAt(t);
          if (ips.isEmpty()) {
            continue; // in transit
          }
          int rcpts = 1 + (random.nextDouble() < 0.3 ? 1 : 0) + (random.nextDouble() < 0.08 ? 2 + random.nextInt(4) : 0);
          add(t, writer.authenticatedMessage(t, c.account(), ips.get(random.nextInt(ips.size())), recipients(rcpts, 0.015)));
        }
        if (!c.isLocal() && random.nextDouble() < c.dailyMessages() * shape * 0.01) {
          // Now and then a mistyped password from the customer's own device.
          Instant t = minute.plusSeconds(random.nextInt(60));
          List<String> ips = c.ipsAt(t);
          if (!ips.isEmpty()) {
            lines.add(new TimedLine(t, writer.authFailure(t, ips.get(0), c.account())));
          }
        }
      }
    }
  }

  private int poisson(double lambda) {
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l);
    return k - 1;
  }

  private List<String> recipients(int n, double unknownShare) {
    List<String> r = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String local = random.nextDouble() < unknownShare ? "nouser" + random.nextInt(100000) : "contact" + random.nextInt(100000);
      r.add(local + "@recipient" + random.nextInt(50) + ".example");
    }
    return r;
  }

  private void add(Instant t, List<String> messageLines) {
    messageLines.forEach(l -> lines.add(new TimedLine(t, l)));
  }
}
