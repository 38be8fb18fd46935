package sentinel.hook.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private Postfix instance (own config and queue directories, started with {@code postfix -c})
 * plus its own Dovecot auth, set up by {@code postfix/hook-postfix.sh} from the test resources.
 */
final class PrivatePostfix implements AutoCloseable {
  /** What a command printed and how it ended. */
  record Result(int exit, String output) {}

  /** One entry of {@code postqueue -j}. */
  record Queued(String queue, String id, String sender) {}

  private final Path dir;
  private final Path script;
  final String address;
  final int submissionPort;

  private PrivatePostfix(Path dir, Path script, String address, int submissionPort) {
    this.dir = dir;
    this.script = script;
    this.address = address;
    this.submissionPort = submissionPort;
  }

  static PrivatePostfix start(Path dir, String address, int submissionPort, String sinkAddress, int sinkPort,
      int policyPort, List<String> users) throws IOException {
    Path script = dir.resolve("hook-postfix.sh");
    try (InputStream in = PrivatePostfix.class.getResourceAsStream("/postfix/hook-postfix.sh")) {
      Files.copy(in, script);
    }
    PrivatePostfix p = new PrivatePostfix(dir, script, address, submissionPort);
    List<String> setup = new ArrayList<>(List.of("bash", script.toString(), "setup", dir.toString(), address,
        String.valueOf(submissionPort), sinkAddress, String.valueOf(sinkPort), String.valueOf(policyPort)));
    setup.addAll(users);
    p.require(run(setup));
    try {
      p.require(run(List.of("bash", script.toString(), "start", dir.toString(), address, String.valueOf(submissionPort))));
    } catch (RuntimeException e) {
      p.close(); // Dovecot may be up even though Postfix is not: stop what did start
      throw e;
    }
    return p;
  }

  private void require(Result r) {
    if (r.exit() != 0) {
      throw new IllegalStateException("Postfix lab step failed (" + r.exit() + "):\n" + r.output() + "\nlog:\n" + log());
    }
  }

  String log() {
    try {
      Path log = dir.resolve("postfix.log");
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return "(unreadable log: " + e + ")";
    }
  }

  Path etc() {
    return dir.resolve("etc");
  }

  /** Submits one message with SMTP AUTH, as a mail client would. */
  Result send(String user, String password, String subject, String... to) {
    return run(List.of("swaks", "--server", address, "--port", String.valueOf(submissionPort),
        "--auth", "LOGIN", "--auth-user", user, "--auth-password", password, "--from", user,
        "--to", String.join(",", to), "--header", "Subject: " + subject, "--body", "hook end-to-end test",
        "--timeout", "20"));
  }

  /** {@code postqueue -p}: the listing an operator reads. */
  String queueListing() {
    return run(List.of("postqueue", "-c", etc().toString(), "-p")).output();
  }

  /** {@code postqueue -j}, parsed. */
  List<Queued> queue() {
    ObjectMapper json = new ObjectMapper();
    List<Queued> out = new ArrayList<>();
    for (String line : run(List.of("postqueue", "-c", etc().toString(), "-j")).output().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode n = json.readTree(line);
        out.add(new Queued(n.get("queue_name").asText(), n.get("queue_id").asText(), n.get("sender").asText()));
      } catch (IOException e) {
        throw new UncheckedIOException("postqueue -j printed something that is not JSON: " + line, e);
      }
    }
    return out;
  }

  Result releaseAllHeld() {
    return run(List.of("postsuper", "-c", etc().toString(), "-H", "ALL"));
  }

  Result flush() {
    return run(List.of("postqueue", "-c", etc().toString(), "-f"));
  }

  static Result run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  @Override
  public void close() {
    run(List.of("bash", script.toString(), "stop", dir.toString()));
  }
}
