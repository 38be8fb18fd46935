package sentinel.streams.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * An event that has been tied to an account (or, for auth failures, to a client IP) and moves to
 * the account-keyed part of the topology. There is one per message, login or recipient outcome —
 * the only records that cross a repartition.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AccountEvent.MessageSubmitted.class, name = "message"),
  @JsonSubTypes.Type(value = AccountEvent.Login.class, name = "login"),
  @JsonSubTypes.Type(value = AccountEvent.Delivery.class, name = "delivery"),
  @JsonSubTypes.Type(value = AccountEvent.LoginFailed.class, name = "auth_failure"),
  @JsonSubTypes.Type(value = AccountEvent.AccountLoginFailed.class, name = "account_auth_failure"),
  @JsonSubTypes.Type(value = AccountEvent.InboundBounce.class, name = "inbound_bounce")
})
public sealed interface AccountEvent
    permits AccountEvent.MessageSubmitted, AccountEvent.Login, AccountEvent.Delivery, AccountEvent.LoginFailed,
        AccountEvent.AccountLoginFailed, AccountEvent.InboundBounce {

  /** The key this event is counted under downstream: the account, or the client IP. */
  String subject();

  Instant time();

  /** Read-time of the raw line behind the event, for end-to-end latency. */
  Instant readAt();

  /** One message submitted by {@code account} with {@code recipients} recipients. */
  record MessageSubmitted(
      String account, String host, String queueId, String clientIp, String sender, int recipients, Instant time, Instant readAt)
      implements AccountEvent {
    @Override
    public String subject() {
      return account;
    }
  }

  /**
   * A successful SMTP AUTH from {@code clientIp}, counted per client IP (sends per IP, distinct
   * accounts per IP). The account side sees the same login through {@link MessageSubmitted}, which
   * carries the client IP: MTAs log a successful AUTH only with the message it submits.
   */
  record Login(String account, String host, String clientIp, Instant time, Instant readAt) implements AccountEvent {
    @Override
    public String subject() {
      return "ip:" + clientIp;
    }
  }

  /** The final (or temporary) outcome of one recipient of one of {@code account}'s messages. */
  record Delivery(String account, String host, MtaEvent.Outcome outcome, String dsn, Instant time, Instant readAt)
      implements AccountEvent {
    @Override
    public String subject() {
      return account;
    }
  }

  /** A failed SMTP AUTH; counted per client IP. */
  record LoginFailed(String clientIp, String host, String account, Instant time, Instant readAt) implements AccountEvent {
    @Override
    public String subject() {
      return "ip:" + clientIp;
    }
  }

  /** A failed SMTP AUTH that named {@code account}: counted for the account too (brute force, then success). */
  record AccountLoginFailed(String account, String host, String clientIp, Instant time, Instant readAt) implements AccountEvent {
    @Override
    public String subject() {
      return account;
    }
  }

  /**
   * A non-delivery notification (null sender) delivered into the local mailbox {@code account}: the
   * raw signal for telling backscatter (someone forges our addresses) from a compromise.
   */
  record InboundBounce(String account, String host, String queueId, Instant time, Instant readAt) implements AccountEvent {
    @Override
    public String subject() {
      return account;
    }
  }
}
