package sentinel.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the Prometheus tool chain (promtool, amtool, alertmanager) as processes. A missing tool
 * skips the calling test (JUnit assumption) instead of failing it: .ci/run installs them where it
 * can.
 */
final class Tools {
  private static final long TIMEOUT_SECONDS = 120;

  private Tools() {}

  /** Output and exit code of one tool run. */
  record Run(int exitCode, String output) {}

  static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    List<String> dirs = new ArrayList<>(List.of(path.split(java.io.File.pathSeparator)));
    // Debian puts some admin tools in sbin, which a non-login PATH may lack.
    dirs.addAll(List.of("/usr/local/bin", "/usr/bin", "/usr/sbin", "/bin"));
    return dirs.stream()
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** The tool's path, or skips the test with a message saying what to install. */
  static Path require(String name, String debianPackage) {
    Optional<Path> tool = find(name);
    Assumptions.assumeTrue(tool.isPresent(),
        name + " not found: install the Debian package " + debianPackage + " to run this check");
    return tool.get();
  }

  static Run run(Path workDir, Path tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(tool.toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  static String[] concat(String[] head, List<String> tail) {
    return Stream.concat(Stream.of(head), tail.stream()).toArray(String[]::new);
  }
}
