package sentinel.streams.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays Postfix against the rate-limit hook: every probe interval, over one persistent policy
 * connection, it asks about each attacked account that has not been held yet, with the request a
 * real smtpd sends at END-OF-MESSAGE. The first {@code action=HOLD} answer for an account is timed
 * from the attack's first line written. The probe interval bounds the resolution of that figure.
 */
final class HoldProber implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HoldProber.class);
  /** What the hook answers when it holds the mail (PostfixPolicyHandler: "action=HOLD <reason>"). */
  static final String HOLD_PREFIX = "action=HOLD ";
  private static final int SOCKET_TIMEOUT_MILLIS = 5_000;

  private final int port;
  private final Map<String, Long> injectedAt;
  private final Samples holdMillis;
  private final long intervalNanos;
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final Thread thread;
  private final byte[] answer = new byte[1024];
  private volatile boolean running = true;
  private Socket socket;
  private int sequence;

  /**
   * @param port the hook's Postfix policy port on loopback
   * @param injectedAt account → {@link System#nanoTime()} when its attack's first line was written
   * @param holdMillis receives one sample per account, at its first HOLD answer
   */
  HoldProber(int port, Map<String, Long> injectedAt, Samples holdMillis, Duration interval) {
    this.port = port;
    this.injectedAt = injectedAt;
    this.holdMillis = holdMillis;
    this.intervalNanos = interval.toNanos();
    this.thread = new Thread(this::loop, "bench-latency-hold-prober");
  }

  void start() {
    thread.start();
  }

  long requests() {
    return requests.get();
  }

  long errors() {
    return errors.get();
  }

  private void loop() {
    long next = System.nanoTime();
    while (running) {
      for (Map.Entry<String, Long> e : injectedAt.entrySet()) {
        if (!held.contains(e.getKey())) {
          probe(e.getKey(), e.getValue());
        }
      }
      next += intervalNanos;
      long now = System.nanoTime();
      if (next < now) {
        // Behind (a starved CPU): skip the missed ticks instead of probing in a burst.
        next = now;
      }
      LockSupport.parkNanos(next - now);
    }
    closeSocket();
  }

  private void probe(String account, long writtenAt) {
    try {
      if (socket == null) {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
      }
      OutputStream out = socket.getOutputStream();
      out.write(request(account, sequence++));
      out.flush();
      String first = readAnswer(socket.getInputStream());
      long now = System.nanoTime();
      requests.incrementAndGet();
      if (first.startsWith(HOLD_PREFIX) && held.add(account)) {
        double ms = (now - writtenAt) / 1e6;
        holdMillis.add(ms);
        LOG.info("hook HOLD for {} after {} ms: {}", account, (long) ms, first);
      }
    } catch (IOException e) {
      // The hook closed or stalled the connection: count it and reconnect on the next tick, as smtpd would.
      errors.incrementAndGet();
      LOG.warn("policy probe for {} failed: {}", account, e.toString());
      closeSocket();
    }
  }

  /** Reads one answer (attribute lines up to an empty line) and returns its first line. */
  private String readAnswer(InputStream in) throws IOException {
    int n = 0;
    while (n < 2 || answer[n - 1] != '\n' || answer[n - 2] != '\n') {
      if (n == answer.length) {
        throw new IOException("policy answer longer than " + answer.length + " bytes");
      }
      int r = in.read(answer, n, answer.length - n);
      if (r < 0) {
        throw new IOException("hook closed the connection");
      }
      n += r;
    }
    int eol = 0;
    while (answer[eol] != '\n') {
      eol++;
    }
    return new String(answer, 0, eol, StandardCharsets.UTF_8);
  }

  /**
   * The attribute set Postfix 3.7's smtpd sends at END-OF-MESSAGE for an authenticated submission
   * (as captured for the hook's own benchmark), from one of the attack's botnet addresses.
   */
  static byte[] request(String account, int n) {
    return ("request=smtpd_access_policy\nprotocol_state=END-OF-MESSAGE\nprotocol_name=ESMTP\n"
        + "client_address=198.18." + (n % LiveLogWriter.BOTNET_IPS) + "." + (1 + n % 250) + "\nclient_name=unknown\n"
        + "client_port=" + (30000 + n % 30000) + "\nreverse_client_name=unknown\nserver_address=192.0.2.25\n"
        + "server_port=587\nhelo_name=client.example\nsender=" + account + "\nrecipient=\nrecipient_count=1\n"
        + "queue_id=4F3A2B1C0D" + n % 10 + "\ninstance=2cdd.6b06eedd.7ba88.0\nsize=2160\netrn_domain=\nstress=\n"
        + "sasl_method=LOGIN\nsasl_username=" + account + "\nsasl_sender=\nccert_subject=\nccert_issuer=\n"
        + "ccert_fingerprint=\nccert_pubkey_fingerprint=\nencryption_protocol=\nencryption_cipher=\n"
        + "encryption_keysize=0\npolicy_context=\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private void closeSocket() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        LOG.debug("closing the probe connection: {}", e.toString());
      }
      socket = null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    LockSupport.unpark(thread);
    thread.join(SOCKET_TIMEOUT_MILLIS * 2L);
  }
}
