package sentinel.streams.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SplitRecipientsTest {
  @Test
  void aPartStartingWithASpaceAddsWholeRecipients() {
    PendingMessage.Split first = new PendingMessage.Split("Q", 2, true, 2);

    PendingMessage.Split next = first.continuedWith(" c@x.test d@x.test");

    assertThat(next).isEqualTo(new PendingMessage.Split("Q", 4, true, 1));
  }

  @Test
  void anAddressCutInTwoByTheSyslogByteLimitCountsOnce() {
    PendingMessage.Split first = new PendingMessage.Split("Q", 2, false, 1); // "... b@x.te" was cut

    PendingMessage.Split next = first.continuedWith("st c@x.test");

    assertThat(next.words()).isEqualTo(3);
    assertThat(next.partsLeft()).isZero();
  }

  @Test
  void aCompleteAddressFollowedByTheNextOneWithoutASpaceIsTwoRecipients() {
    PendingMessage.Split first = new PendingMessage.Split("Q", 1, true, 1); // "a@x.test" ended the first part

    assertThat(first.continuedWith("b@x.test").words()).isEqualTo(2);
  }

  @Test
  void localAccountsAreLowerCasedWithTheShortHostName() {
    assertThat(LocalAccount.key("WWW-Data", "Web1.Example.Test")).isEqualTo("local:www-data@web1");
    assertThat(LocalAccount.key("alice@example.test", "mx1")).isEqualTo("local:alice@mx1");
    assertThat(LocalAccount.key(null, "mx1")).isEqualTo("local:unknown@mx1");
  }
}
