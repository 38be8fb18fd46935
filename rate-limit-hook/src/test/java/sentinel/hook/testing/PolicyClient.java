package sentinel.hook.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Asks a Postfix policy service one END-OF-MESSAGE question per connection, like smtpd would. */
public final class PolicyClient {
  private PolicyClient() {}

  public static String ask(int port, String saslUser, int recipients) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5_000);
      String request = "request=smtpd_access_policy\nprotocol_state=END-OF-MESSAGE\nclient_address=127.0.0.9\n"
          + "sender=" + saslUser + "\nsasl_username=" + saslUser + "\nrecipient_count=" + recipients + "\n\n";
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder answer = new StringBuilder();
      String line;
      while ((line = in.readLine()) != null && !line.isEmpty()) {
        answer.append(line);
      }
      return answer.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
