package sentinel.hook.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A remote MX stand-in on loopback: accepts every message and remembers its envelope, an
 * independent record of what Postfix delivered (the shared lab uses a Python sink for the same job).
 */
final class SmtpSink implements AutoCloseable {
  /** One delivered message. */
  record Delivery(String from, List<String> to) {}

  private final ServerSocket server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  SmtpSink(String bind) throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(bind, 0));
    acceptor = new Thread(this::acceptLoop, "smtp-sink");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Messages delivered with envelope sender {@code from}. */
  long deliveredFrom(String from) {
    return deliveries.stream().filter(d -> d.from().equalsIgnoreCase(from)).count();
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> session(s), "smtp-sink-session");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void session(Socket s) {
    try (s) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      reply(out, "220 sink.remote.test ESMTP");
      String from = null;
      List<String> to = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
          reply(out, "250 sink.remote.test");
        } else if (upper.startsWith("MAIL FROM:")) {
          from = address(line);
          to = new ArrayList<>();
          reply(out, "250 2.1.0 Ok");
        } else if (upper.startsWith("RCPT TO:")) {
          to.add(address(line));
          reply(out, "250 2.1.5 Ok");
        } else if (upper.equals("DATA")) {
          reply(out, "354 End data with <CR><LF>.<CR><LF>");
          while ((line = in.readLine()) != null && !line.equals(".")) {
            // the body is not needed, only the envelope
          }
          deliveries.add(new Delivery(from, List.copyOf(to)));
          reply(out, "250 2.0.0 Ok: queued");
        } else if (upper.equals("QUIT")) {
          reply(out, "221 2.0.0 Bye");
          return;
        } else {
          reply(out, "250 2.0.0 Ok");
        }
      }
    } catch (IOException e) {
      // the client went away; what was delivered is already recorded
    }
  }

  private static String address(String line) {
    String rest = line.substring(line.indexOf(':') + 1).trim();
    int end = rest.indexOf('>');
    return (end > 0 ? rest.substring(rest.indexOf('<') + 1, end) : rest).toLowerCase(Locale.ROOT);
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
