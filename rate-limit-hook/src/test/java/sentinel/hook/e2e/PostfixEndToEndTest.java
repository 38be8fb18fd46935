package sentinel.hook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.contract.AccountDecision;
import sentinel.common.contract.Action;
import sentinel.common.testing.KafkaCluster;
import sentinel.hook.HookMain;
import sentinel.hook.HookService;
import sentinel.hook.testing.HookFixtures;

/**
 * The proof with a real MTA: a private Postfix with SMTP AUTH asks the hook about every message
 * (check_policy_service in smtpd_end_of_data_restrictions); operator commands written to a real
 * broker hold, throttle and release accounts. Skips when Postfix, Dovecot or swaks is missing or
 * when not running as root (Postfix must start its own master).
 */
@ExtendWith(KafkaCluster.class)
class PostfixEndToEndTest {
  private static final Logger LOG = LoggerFactory.getLogger(PostfixEndToEndTest.class);
  private static final String HELD = "held@example.test";
  private static final String OTHER = "other@example.test";
  private static final String THROTTLED = "throttled@example.test";
  private static final String PASSWORD = "correct horse";
  private static final String[] TWO_REMOTE = {"a@remote.test", "b@remote.test"};
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static String bootstrap;
  private static String topic;
  private static HookService hook;
  private static SmtpSink sink;
  private static PrivatePostfix postfix;
  private static Path dir;

  @BeforeAll
  static void startPostfixAndHook(KafkaCluster.Broker broker) throws IOException {
    for (String tool : List.of("postconf", "postfix", "postqueue", "postsuper", "dovecot", "swaks")) {
      assumeTrue(onPath(tool), "skipped: " + tool + " is not installed (apt-get install postfix dovecot-core swaks)");
    }
    assumeTrue("root".equals(System.getProperty("user.name")),
        "skipped: a private Postfix instance must be started as root");
    bootstrap = broker.bootstrapServers();
    topic = HookFixtures.newTopic(bootstrap);
    hook = HookService.start(HookFixtures.settings(bootstrap, topic, Map.of("hook.http.enabled", "false",
        "hook.exim.port", "-1")), Clock.systemUTC());
    sink = new SmtpSink("127.0.0.1");
    dir = Files.createTempDirectory("hook-postfix");
    // A loopback address of its own, so neither the shared lab nor another test's Postfix is in the way.
    String address = "127.0.5.25";
    postfix = PrivatePostfix.start(dir, address, freePort(address), "127.0.0.1", sink.port(), hook.postfixPort(),
        List.of(HELD + ":" + PASSWORD, OTHER + ":" + PASSWORD, THROTTLED + ":" + PASSWORD));
    LOG.info("Private Postfix on {}:{} asks the hook on 127.0.0.1:{}; remote MX sink on 127.0.0.1:{}",
        address, postfix.submissionPort, hook.postfixPort(), sink.port());
  }

  @AfterAll
  static void stopEverything() throws IOException {
    if (postfix != null) {
      postfix.close();
    }
    if (sink != null) {
      sink.close();
    }
    if (hook != null) {
      hook.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void heldAccountsMailWaitsInTheHoldQueueWhileOthersFlowAndIsDeliveredAfterReleaseWithoutLoss() throws IOException {
    // Given HELD is put on hold with the operator command
    account("hold", HELD, "--reason", "end-to-end test: password leaked");
    awaitInForce(HELD, Action.HOLD);

    // When HELD submits three messages and OTHER two
    for (int i = 1; i <= 3; i++) {
      assertAccepted(postfix.send(HELD, PASSWORD, "held " + i, TWO_REMOTE));
    }
    for (int i = 1; i <= 2; i++) {
      assertAccepted(postfix.send(OTHER, PASSWORD, "other " + i, TWO_REMOTE));
    }

    // Then OTHER's mail is delivered and HELD's three messages sit in the hold queue, none delivered
    await().atMost(WAIT).until(() -> sink.deliveredFrom(OTHER) == 2);
    await().atMost(WAIT).until(() -> postfix.queue().stream().filter(q -> q.sender().equals(HELD)).count() == 3);
    String before = postfix.queueListing();
    save("queue-before-release.txt", before);
    assertThat(postfix.queue()).hasSize(3).allSatisfy(q -> {
      assertThat(q.queue()).isEqualTo("hold");
      assertThat(q.sender()).isEqualTo(HELD);
    });
    assertThat(sink.deliveredFrom(HELD)).isZero();
    assertThat(postfix.log()).contains("hold: END-OF-MESSAGE").contains("sentinel: " + HELD + " on hold by operator");

    // When the operator releases the account
    account("release", HELD, "--reason", "customer changed the password");
    awaitInForce(HELD, Action.NONE);

    // Then new mail flows at once
    assertAccepted(postfix.send(HELD, PASSWORD, "held after release", TWO_REMOTE));
    await().atMost(WAIT).until(() -> sink.deliveredFrom(HELD) == 1);

    // and the held messages leave the hold queue with postsuper -H and are all delivered
    PrivatePostfix.Result released = postfix.releaseAllHeld();
    assertThat(released.exit()).isZero();
    assertThat(released.output()).contains("Released from hold: 3 messages");
    String afterRelease = postfix.queueListing();
    postfix.flush();
    await().atMost(WAIT).until(() -> sink.deliveredFrom(HELD) == 4);
    await().atMost(WAIT).until(() -> postfix.queue().isEmpty());
    String end = postfix.queueListing();
    save("queue-after-release.txt", afterRelease + "\n--- after delivery ---\n" + end);
    assertThat(end).contains("Mail queue is empty");
    assertThat(sink.deliveries()).filteredOn(d -> d.from().equals(HELD))
        .hasSize(4).allSatisfy(d -> assertThat(d.to()).containsExactlyInAnyOrder(TWO_REMOTE));
    LOG.info("Queue before release:\n{}\nQueue right after postsuper -H ALL:\n{}\nQueue after delivery:\n{}",
        before, afterRelease, end);
    LOG.info("Deliveries at the sink: {} from {}, {} from {} (3 released from hold + 1 sent after release)",
        sink.deliveredFrom(OTHER), OTHER, sink.deliveredFrom(HELD), HELD);
  }

  @Test
  void throttledAccountGetsATemporaryErrorOnceItsBudgetIsSpent() {
    // Given THROTTLED may send 4 recipients per hour
    account("throttle", THROTTLED, "--limit", "4", "--reason", "end-to-end test: unusual volume");
    awaitInForce(THROTTLED, Action.THROTTLE);

    // When it sends three messages of two recipients each
    PrivatePostfix.Result first = postfix.send(THROTTLED, PASSWORD, "throttled 1", TWO_REMOTE);
    PrivatePostfix.Result second = postfix.send(THROTTLED, PASSWORD, "throttled 2", TWO_REMOTE);
    PrivatePostfix.Result third = postfix.send(THROTTLED, PASSWORD, "throttled 3", TWO_REMOTE);

    // Then the first two are accepted and the third gets 450 4.7.1 (the client keeps it and retries)
    assertAccepted(first);
    assertAccepted(second);
    assertThat(third.exit()).as(third.output()).isNotZero();
    assertThat(third.output()).contains("450 4.7.1").contains("exceeded its limit of 4 recipients per hour");
    LOG.info("Throttled submission, as the client saw it:\n{}", lastLines(third.output(), 6));
    await().atMost(WAIT).until(() -> sink.deliveredFrom(THROTTLED) == 2);
    assertThat(postfix.queue()).noneMatch(q -> q.sender().equals(THROTTLED));
  }

  private static void account(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new java.util.ArrayList<>(List.of("account"));
    all.addAll(List.of(args));
    all.addAll(List.of("--bootstrap-servers", bootstrap, "-D", "topics.account-status=" + topic));
    int exit = HookMain.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(all.toArray(String[]::new));
    assertThat(exit).as(err.toString()).isZero();
    LOG.info("./sentinel account {} -> {}", String.join(" ", args), out.toString().trim());
  }

  private static void awaitInForce(String account, Action action) {
    await().atMost(WAIT).until(() -> hook.cache().effective(account, Instant.now())
        .map(AccountDecision::action).orElse(Action.NONE) == action);
  }

  private static void assertAccepted(PrivatePostfix.Result r) {
    assertThat(r.exit()).as("swaks transcript:\n%s\nPostfix log:\n%s", r.output(), postfix.log()).isZero();
  }

  private static void save(String name, String text) throws IOException {
    Path out = Path.of("target", "postfix-e2e");
    Files.createDirectories(out);
    Files.writeString(out.resolve(name), text);
  }

  private static String lastLines(String text, int n) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  private static boolean onPath(String tool) {
    return Stream.of("/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/").anyMatch(d -> Files.isExecutable(Path.of(d + tool)));
  }

  private static int freePort(String address) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(address, 0));
      return s.getLocalPort();
    }
  }
}
