package sentinel.hook.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostfixAccountsTest {
  private final PostfixAccounts accounts = new PostfixAccounts("mx1");

  private static PolicyRequest request(String state, String sasl, String sender, String client, String count) {
    return new PolicyRequest("smtpd_access_policy", state, sasl, sender, client, count, "", null);
  }

  @Test
  void keysAuthenticatedMailOnTheLowerCasedSaslUser() {
    assertThat(accounts.accountOf(request("RCPT", "Alice@Example.TEST", "forged@elsewhere.test", "203.0.113.9", "")))
        .isEqualTo("alice@example.test");
  }

  @Test
  void keysUnauthenticatedLoopbackMailOnTheLocalSender() {
    assertThat(accounts.accountOf(request("RCPT", "", "www-data@mx1.example.test", "127.0.0.1", "")))
        .isEqualTo("local:www-data@mx1");
    assertThat(accounts.accountOf(request("RCPT", "", "WebApp", "::1", ""))).isEqualTo("local:webapp@mx1");
  }

  @Test
  void givesNoAccountToMailFromTheInternetOrBounces() {
    assertThat(accounts.accountOf(request("RCPT", "", "someone@remote.test", "198.51.100.7", ""))).isEmpty();
    assertThat(accounts.accountOf(request("RCPT", "", "", "127.0.0.1", ""))).isEmpty();
  }

  @Test
  void countsOneRecipientPerRcptAndTheRecipientCountAtEndOfMessage() {
    assertThat(PostfixAccounts.recipients(request("RCPT", "a", "", "", "0"))).isEqualTo(1);
    assertThat(PostfixAccounts.recipients(request("END-OF-MESSAGE", "a", "", "", "42"))).isEqualTo(42);
    assertThat(PostfixAccounts.recipients(request("DATA", "a", "", "", "3"))).isEqualTo(3);
    assertThat(PostfixAccounts.recipients(request("MAIL", "a", "", "", ""))).isZero();
    assertThat(PostfixAccounts.recipients(request("END-OF-MESSAGE", "a", "", "", "lots"))).isEqualTo(-1);
  }
}
