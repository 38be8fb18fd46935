package sentinel.hook.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sentinel.common.contract.AccountDecision;
import sentinel.common.contract.Action;
import sentinel.common.contract.DecisionSource;
import sentinel.hook.decision.DecisionCache;
import sentinel.hook.decision.FeedHealth;
import sentinel.hook.decision.PolicyEngine;
import sentinel.hook.metrics.HookMeters;
import sentinel.hook.net.SocketServer;
import sentinel.hook.policy.PostfixAccounts;
import sentinel.hook.policy.PostfixPolicyHandler;

/**
 * {@code ./sentinel hook bench}: latency of Postfix policy answers over persistent TCP
 * connections, measured from the client side (request written → answer read), with N concurrent
 * clients against an in-process server holding a synthetic decision table. With {@code --rate}
 * each client sends at a fixed pace and latency counts from the intended send time (no
 * coordinated omission); without it the clients send back to back (saturation).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measures p50/p99 policy answer latency over persistent connections with concurrent clients.")
public final class PolicyBench implements Callable<Integer> {
  @Option(names = "--clients", defaultValue = "50", description = "Concurrent persistent connections (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--seconds", defaultValue = "20", description = "Measured duration (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--warmup", defaultValue = "5", description = "Unmeasured warm-up seconds (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--rate", defaultValue = "0",
      description = "Requests per second per client; 0 sends back to back (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--accounts", defaultValue = "100000", description = "Accounts in the decision table (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Clock clock = Clock.systemUTC();
    DecisionCache cache = syntheticDecisions(accounts, clock.instant());
    FeedHealth alwaysFresh = new FeedHealth() {
      @Override
      public Duration age(Instant now) {
        return Duration.ZERO;
      }

      @Override
      public boolean stale(Instant now) {
        return false;
      }
    };
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HookMeters meters = new HookMeters(registry);
    PolicyEngine engine = PolicyEngine.create(cache, alwaysFresh, false, meters, clock, Duration.ofMinutes(1));
    try (SocketServer server = SocketServer.tcp("bench-policy", "127.0.0.1", 0, clients + 10, Duration.ofMinutes(5),
        new PostfixPolicyHandler(engine, new PostfixAccounts("bench"), meters, 8192), () -> { })) {
      out.printf("hook bench: %d clients, %s, %d s measured after %d s warm-up, %d accounts (1%% HOLD, 1%% THROTTLE)%n",
          clients, rate == 0 ? "back to back" : rate + " req/s each", seconds, warmup, accounts);
      HookMeters scratch = new HookMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
      double[] cost = inProcessNanos(new PostfixPolicyHandler(
          PolicyEngine.create(cache, alwaysFresh, false, scratch, clock, Duration.ofMinutes(1)),
          new PostfixAccounts("bench"), scratch, 8192));
      out.printf("in-process parse+decide+encode, one thread, no socket: %.0f ns CPU (%.0f ns wall) per request%n",
          cost[0], cost[1]);
      out.printf("machine: %d CPUs, load average %.1f at start%n", Runtime.getRuntime().availableProcessors(), loadAverage());
      out.flush();
      List<Client> all = new ArrayList<>();
      CountDownLatch done = new CountDownLatch(clients);
      long startAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
      long measureFrom = startAt + TimeUnit.SECONDS.toNanos(warmup);
      long endAt = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
      for (int i = 0; i < clients; i++) {
        Client c = new Client(i, server.port(), accounts, rate, startAt, measureFrom, endAt, done);
        all.add(c);
        new Thread(c, "bench-client-" + i).start();
      }
      done.await();
      long[] merged = all.stream().flatMapToLong(c -> Arrays.stream(c.latencies, 0, c.count)).sorted().toArray();
      long errors = all.stream().mapToLong(c -> c.errors).sum();
      Timer serverSide = registry.get("sentinel.hook.request.latency").tag("protocol", "postfix").timer();
      out.printf("requests measured: %d (%.0f req/s), client errors: %d%n", merged.length, merged.length / (double) seconds, errors);
      out.printf("client-observed latency (us): p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
          pct(merged, 0.50), pct(merged, 0.90), pct(merged, 0.99), pct(merged, 0.999),
          merged.length == 0 ? 0 : merged[merged.length - 1] / 1000.0);
      StringBuilder server99 = new StringBuilder();
      for (ValueAtPercentile v : serverSide.takeSnapshot().percentileValues()) {
        server99.append(String.format(" p%s %.1f", trim(v.percentile() * 100), v.value(TimeUnit.MICROSECONDS)));
      }
      out.printf("server-side latency (us, read→answer written, incl. warm-up):%s%n", server99);
      out.printf("load average %.1f at end%n", loadAverage());
      return errors == 0 ? 0 : 1;
    }
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * Average cost of the work the hook does per request without the network, as {CPU, wall}
   * nanoseconds: five warm-up rounds, then one timed. CPU time is what the hook needs; wall time
   * also counts waiting for a core on a busy machine.
   */
  private double[] inProcessNanos(PostfixPolicyHandler handler) throws IOException {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      all.write(request(account((i * 104729) % accounts), i));
    }
    byte[] input = all.toByteArray();
    long wall = 0;
    long cpu = 0;
    for (int round = 0; round < 6; round++) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      handler.serve(new java.io.ByteArrayInputStream(input), OutputStream.nullOutputStream());
      cpu = threads.getCurrentThreadCpuTime() - cpuStart;
      wall = System.nanoTime() - start;
    }
    return new double[] {cpu / (double) n, wall / (double) n};
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1000.0;
  }

  static DecisionCache syntheticDecisions(int n, Instant now) {
    DecisionCache cache = new DecisionCache();
    for (int i = 0; i < n; i++) {
      if (i % 100 == 0) {
        cache.apply(account(i), new AccountDecision(account(i), Action.HOLD, 0, List.of("bench hold"), now, null,
            DecisionSource.detector));
      } else if (i % 100 == 1) {
        // A budget large enough that the benchmark measures lookups, not deferrals.
        cache.apply(account(i), new AccountDecision(account(i), Action.THROTTLE, Integer.MAX_VALUE, List.of("bench"),
            now, null, DecisionSource.detector));
      } else if (i % 10 == 2) {
        cache.apply(account(i), new AccountDecision(account(i), Action.NONE, 0, List.of(), now, null, DecisionSource.detector));
      }
    }
    return cache;
  }

  static String account(int i) {
    return "user" + i + "@customer" + (i % 997) + ".example";
  }

  /** A request as Postfix 3.7 sends it at END-OF-MESSAGE (attributes captured from a real smtpd). */
  static byte[] request(String account, int n) {
    return ("request=smtpd_access_policy\nprotocol_state=END-OF-MESSAGE\nprotocol_name=ESMTP\n"
        + "client_address=203.0.113." + (n % 250) + "\nclient_name=unknown\nclient_port=" + (30000 + n % 30000) + "\n"
        + "reverse_client_name=unknown\nserver_address=192.0.2.25\nserver_port=587\nhelo_name=client.example\n"
        + "sender=" + account + "\nrecipient=\nrecipient_count=3\nqueue_id=4F3A2B1C0D" + n % 10 + "\n"
        + "instance=2cdd.6b06eedd.7ba88.0\nsize=2160\netrn_domain=\nstress=\nsasl_method=LOGIN\n"
        + "sasl_username=" + account + "\nsasl_sender=\nccert_subject=\nccert_issuer=\nccert_fingerprint=\n"
        + "ccert_pubkey_fingerprint=\nencryption_protocol=\nencryption_cipher=\nencryption_keysize=0\n"
        + "policy_context=\n\n").getBytes(StandardCharsets.UTF_8);
  }

  /** One persistent connection sending requests and timing each answer. */
  private static final class Client implements Runnable {
    private final int id;
    private final int port;
    private final int accounts;
    private final int rate;
    private final long startAt;
    private final long measureFrom;
    private final long endAt;
    private final CountDownLatch done;
    long[] latencies = new long[1 << 16];
    int count;
    long errors;

    Client(int id, int port, int accounts, int rate, long startAt, long measureFrom, long endAt, CountDownLatch done) {
      this.id = id;
      this.port = port;
      this.accounts = accounts;
      this.rate = rate;
      this.startAt = startAt;
      this.measureFrom = measureFrom;
      this.endAt = endAt;
      this.done = done;
    }

    @Override
    public void run() {
      byte[][] requests = new byte[256][];
      for (int i = 0; i < requests.length; i++) {
        requests[i] = request(account((id * 7919 + i * 104729) % accounts), i);
      }
      byte[] answer = new byte[512];
      long interval = rate > 0 ? TimeUnit.SECONDS.toNanos(1) / rate : 0;
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setTcpNoDelay(true);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        long intended = startAt + (interval > 0 ? id * interval / 50 : 0);
        for (int i = 0; ; i++) {
          long now = System.nanoTime();
          if (interval > 0 && now < intended) {
            LockSupport.parkNanos(intended - now);
          }
          long sent = interval > 0 ? intended : System.nanoTime();
          if (sent >= endAt) {
            break;
          }
          out.write(requests[i & 255]);
          out.flush();
          readAnswer(in, answer);
          long took = System.nanoTime() - sent;
          if (sent >= measureFrom) {
            record(took);
          }
          intended += interval;
        }
      } catch (IOException e) {
        errors++;
      } finally {
        done.countDown();
      }
    }

    private static void readAnswer(InputStream in, byte[] buf) throws IOException {
      int n = 0;
      while (true) {
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          throw new IOException("server closed the connection");
        }
        n += r;
        if (n >= 2 && buf[n - 1] == '\n' && buf[n - 2] == '\n') {
          return;
        }
      }
    }

    private void record(long nanos) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = nanos;
    }
  }
}
