package sentinel.streams.replay;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import sentinel.streams.model.AccountEvent;
import sentinel.streams.model.MtaEvent;

/**
 * Everything the report needs to know about the account events of a log, gathered from the
 * topology's {@code account-events} repartition topic: per-hour totals by outcome, and per account
 * and per client IP the counts behind a verdict. Memory is bounded by {@link Limits}: beyond them,
 * new subjects are still counted in the totals but not kept individually.
 */
final class EventFacts {
  static final int SUBMITTED = 0;
  static final int SENT = 1;
  static final int BOUNCED = 2;
  static final int DEFERRED = 3;
  static final int EXPIRED = 4;

  /** Caps on what is kept per log, per account and per IP. */
  record Limits(int subjects, int ipsPerAccount, int codesPerAccount, int accountsPerIp, int countries) {
    static Limits defaults() {
      return new Limits(200_000, 64, 16, 32, 300);
    }
  }

  /** What is known about one account. */
  static final class AccountFacts {
    final HourSeries hourly = new HourSeries(1);
    /** Bounces (null sender) delivered into this mailbox: backscatter when the account did not send. */
    final HourSeries inboundBounces = new HourSeries(1);
    long inboundBounceCount;
    long messages;
    long recipients;
    long sent;
    long bounced;
    long deferred;
    long expired;
    long logins;
    final Tally clientIps;
    final Tally dsnCodes;

    AccountFacts(Limits limits) {
      clientIps = new Tally(limits.ipsPerAccount());
      dsnCodes = new Tally(limits.codesPerAccount());
    }
  }

  /** What is known about one client IP that failed to log in. */
  static final class IpFacts {
    long failures;
    final HourSeries hourly = new HourSeries(1);
    final Tally accountsTried;

    IpFacts(Limits limits) {
      accountsTried = new Tally(limits.accountsPerIp());
    }
  }

  private final Limits limits;
  private final CountryResolver countries;
  private final HourSeries outcomes = new HourSeries(5);
  private final Map<String, AccountFacts> accounts = new HashMap<>();
  private final Map<String, IpFacts> failingIps = new HashMap<>();
  private final Tally loginsByCountry;
  private long messages;
  private long recipients;
  private long logins;
  private long authFailures;

  EventFacts(Limits limits, CountryResolver countries) {
    this.limits = limits;
    this.countries = countries;
    this.loginsByCountry = new Tally(limits.countries());
  }

  void add(AccountEvent event) {
    Instant t = event.time();
    if (event instanceof AccountEvent.MessageSubmitted m) {
      messages++;
      recipients += m.recipients();
      outcomes.add(t, SUBMITTED, 1);
      AccountFacts a = account(m.account());
      if (a != null) {
        a.messages++;
        a.recipients += m.recipients();
        a.hourly.add(t, 0, 1);
      }
    } else if (event instanceof AccountEvent.Login l) {
      logins++;
      loginsByCountry.add(countries.countryOf(l.clientIp()), 1);
      AccountFacts a = account(l.account());
      if (a != null) {
        a.logins++;
        a.clientIps.add(l.clientIp(), 1);
      }
    } else if (event instanceof AccountEvent.Delivery d) {
      int column = column(d.outcome());
      outcomes.add(t, column, 1);
      AccountFacts a = account(d.account());
      if (a != null) {
        switch (d.outcome()) {
          case SENT -> a.sent++;
          case BOUNCED -> a.bounced++;
          case DEFERRED -> a.deferred++;
          case EXPIRED -> a.expired++;
        }
        if (d.outcome() != MtaEvent.Outcome.SENT && d.dsn() != null) {
          a.dsnCodes.add(d.dsn(), 1);
        }
      }
    } else if (event instanceof AccountEvent.InboundBounce b) {
      AccountFacts a = account(b.account());
      if (a != null) {
        a.inboundBounceCount++;
        a.inboundBounces.add(t, 0, 1);
      }
    } else if (event instanceof AccountEvent.LoginFailed f) {
      authFailures++;
      IpFacts ip = failingIps.get(f.clientIp());
      if (ip == null && failingIps.size() < limits.subjects()) {
        ip = new IpFacts(limits);
        failingIps.put(f.clientIp(), ip);
      }
      if (ip != null) {
        ip.failures++;
        ip.hourly.add(t, 0, 1);
        if (f.account() != null) {
          ip.accountsTried.add(f.account(), 1);
        }
      }
    }
  }

  private AccountFacts account(String account) {
    AccountFacts a = accounts.get(account);
    if (a == null && accounts.size() < limits.subjects()) {
      a = new AccountFacts(limits);
      accounts.put(account, a);
    }
    return a;
  }

  private static int column(MtaEvent.Outcome outcome) {
    return switch (outcome) {
      case SENT -> SENT;
      case BOUNCED -> BOUNCED;
      case DEFERRED -> DEFERRED;
      case EXPIRED -> EXPIRED;
    };
  }

  HourSeries outcomes() {
    return outcomes;
  }

  Map<String, AccountFacts> accounts() {
    return accounts;
  }

  Map<String, IpFacts> failingIps() {
    return failingIps;
  }

  Tally loginsByCountry() {
    return loginsByCountry;
  }

  CountryResolver countries() {
    return countries;
  }

  long messages() {
    return messages;
  }

  long recipients() {
    return recipients;
  }

  long logins() {
    return logins;
  }

  long authFailures() {
    return authFailures;
  }
}
