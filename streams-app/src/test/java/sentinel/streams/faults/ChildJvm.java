package sentinel.streams.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a separate JVM on the test's classpath, with its output in a file, so it can
 * be killed with SIGKILL ({@link Process#destroyForcibly()}: no shutdown hook runs).
 */
final class ChildJvm {
  private final Process process;
  private final Path output;

  private ChildJvm(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  static ChildJvm start(Class<?> mainClass, Path output, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectErrorStream(true);
    pb.redirectOutput(output.toFile());
    return new ChildJvm(pb.start(), output);
  }

  /** SIGKILL; returns the exit code (137 on Linux). */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("child JVM did not die within 30 s of SIGKILL");
    }
    return process.exitValue();
  }

  /** SIGTERM: the child's shutdown hook runs. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("child JVM did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  boolean alive() {
    return process.isAlive();
  }

  String output() throws IOException {
    return Files.exists(output) ? Files.readString(output) : "";
  }
}
