package sentinel.streams;

import java.util.Map;
import java.util.TreeMap;
import sentinel.streams.model.AccountEvent;
import sentinel.streams.model.MtaEvent;

/**
 * Per-account totals folded from the account events the topology moves to the account-keyed part
 * (the {@code account-events} repartition topic): what the correlator tied to each account.
 */
final class AccountTotals {
  /** Totals of one account, named after the ground-truth fields they are compared with. */
  static final class Totals {
    long loginsOk;
    long loginsFailed;
    long messagesAccepted;
    long rcptsAccepted;
    long rcptsSent;
    long rcptsBounced;
    long rcptsDeferred;
    long rcptsExpired;
    long inboundBounces;

    Map<String, Long> asMap() {
      Map<String, Long> m = new TreeMap<>();
      m.put("logins_ok", loginsOk);
      m.put("logins_failed", loginsFailed);
      m.put("messages_accepted", messagesAccepted);
      m.put("rcpts_accepted", rcptsAccepted);
      m.put("rcpts_sent", rcptsSent);
      m.put("rcpts_bounced", rcptsBounced);
      m.put("rcpts_deferred", rcptsDeferred);
      return m;
    }
  }

  final Map<String, Totals> accounts = new TreeMap<>();
  final Map<String, Long> failuresByClientIp = new TreeMap<>();
  final Map<String, Long> inboundBouncesByMailbox = new TreeMap<>();

  void add(AccountEvent event) {
    if (event instanceof AccountEvent.Login l) {
      totals(l.account()).loginsOk++;
    } else if (event instanceof AccountEvent.LoginFailed f) {
      failuresByClientIp.merge(f.clientIp(), 1L, Long::sum);
      if (f.account() != null) {
        totals(f.account()).loginsFailed++;
      }
    } else if (event instanceof AccountEvent.MessageSubmitted m) {
      Totals t = totals(m.account());
      t.messagesAccepted++;
      t.rcptsAccepted += m.recipients();
    } else if (event instanceof AccountEvent.Delivery d) {
      Totals t = totals(d.account());
      if (d.outcome() == MtaEvent.Outcome.SENT) {
        t.rcptsSent++;
      } else if (d.outcome() == MtaEvent.Outcome.BOUNCED) {
        t.rcptsBounced++;
      } else if (d.outcome() == MtaEvent.Outcome.DEFERRED) {
        t.rcptsDeferred++;
      } else {
        t.rcptsExpired++;
      }
    } else if (event instanceof AccountEvent.InboundBounce b) {
      inboundBouncesByMailbox.merge(b.account(), 1L, Long::sum);
    }
  }

  Totals totals(String account) {
    return accounts.computeIfAbsent(account, a -> new Totals());
  }
}
