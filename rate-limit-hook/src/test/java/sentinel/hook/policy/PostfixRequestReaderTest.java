package sentinel.hook.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostfixRequestReaderTest {
  static final String FIRST = """
      request=smtpd_access_policy
      protocol_state=END-OF-MESSAGE
      protocol_name=ESMTP
      client_address=127.0.0.5
      sender=victim@example.test
      recipient=
      recipient_count=2
      queue_id=7DD2820C2A2
      sasl_method=LOGIN
      sasl_username=Victim@Example.test
      policy_context=

      """;
  static final String SECOND = """
      request=smtpd_access_policy
      protocol_state=RCPT
      client_address=198.51.100.7
      sender=bob@example.test
      recipient=someone@remote.test
      sasl_username=

      """;

  private static List<PolicyRequest> readAll(String input, int maxBytes) throws IOException {
    PostfixRequestReader reader = new PostfixRequestReader(
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), maxBytes);
    List<PolicyRequest> out = new ArrayList<>();
    PolicyRequest r;
    while ((r = reader.next()) != null) {
      out.add(r);
      if (r == PostfixRequestReader.TRUNCATED) {
        break;
      }
    }
    return out;
  }

  @Test
  void readsSeveralRequestsFromOneConnection() throws IOException {
    List<PolicyRequest> requests = readAll(FIRST + SECOND, 8192);
    assertThat(requests).containsExactly(
        new PolicyRequest("smtpd_access_policy", "END-OF-MESSAGE", "Victim@Example.test", "victim@example.test",
            "127.0.0.5", "2", "7DD2820C2A2", null),
        new PolicyRequest("smtpd_access_policy", "RCPT", "", "bob@example.test", "198.51.100.7", "", "", null));
  }

  @Test
  void acceptsCrLfLineEndingsAndValuesContainingEqualsSigns() throws IOException {
    String crlf = "request=smtpd_access_policy\r\nsender=a=b@example.test\r\n\r\n";
    assertThat(readAll(crlf, 8192)).singleElement()
        .satisfies(r -> {
          assertThat(r.sender()).isEqualTo("a=b@example.test");
          assertThat(r.problem()).isNull();
        });
  }

  @Test
  void flagsALineWithoutEqualsSignAndStillReadsTheNextRequest() throws IOException {
    String bad = "request=smtpd_access_policy\nthis line has no equals sign\nsasl_username=x\n\n";
    List<PolicyRequest> requests = readAll(bad + SECOND, 8192);
    assertThat(requests).extracting(PolicyRequest::problem).containsExactly("malformed_line", null);
    assertThat(requests.get(1).sender()).isEqualTo("bob@example.test");
  }

  @Test
  void flagsAnOversizedRequestSkipsToItsEndAndStillReadsTheNextRequest() throws IOException {
    String huge = "request=smtpd_access_policy\nsasl_username=" + "x".repeat(5000) + "\n" + "a=b\n".repeat(300) + "\n";
    List<PolicyRequest> requests = readAll(huge + SECOND, 1024);
    assertThat(requests).extracting(PolicyRequest::problem).containsExactly("oversized", null);
    assertThat(requests.get(0).saslUsername()).isEmpty();
  }

  @Test
  void flagsManySmallLinesAddingUpBeyondTheLimitAsOversized() throws IOException {
    String many = "request=smtpd_access_policy\n" + "attr=value\n".repeat(200) + "sasl_username=late@example.test\n\n";
    assertThat(readAll(many, 1024)).singleElement().satisfies(r -> {
      assertThat(r.problem()).isEqualTo("oversized");
      assertThat(r.saslUsername()).isEmpty();
    });
  }

  @Test
  void flagsRequestsThatAreEmptyOrNotPolicyRequests() throws IOException {
    assertThat(readAll("\n" + "request=junk\nsender=a\n\n", 8192))
        .extracting(PolicyRequest::problem).containsExactly("empty_request", "not_a_policy_request");
  }

  @Test
  void reportsAConnectionThatEndsInsideARequestAsTruncated() throws IOException {
    assertThat(readAll(FIRST + "request=smtpd_access_policy\nsasl_user", 8192))
        .extracting(PolicyRequest::problem).containsExactly(null, "truncated");
    assertThat(readAll("", 8192)).isEmpty();
  }
}
