package sentinel.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders the HTML report in headless Chromium, offline, as an admin's browser would show it. */
class ChromiumRenderTest {
  @TempDir Path dir;

  private static String chromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    return null;
  }

  private Process run(String chromium, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + dir.resolve("profile")));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.err").toFile()).start();
  }

  @Test
  void rendersTheReportWithItsVerdictAndChartsInAHeadlessBrowser() throws Exception {
    String chromium = chromium();
    assumeTrue(chromium != null, "chromium is not installed; skipping the browser rendering check");
    Path html = dir.resolve("report.html");
    Files.writeString(html, HtmlReport.render(HtmlReportTest.sample()), StandardCharsets.UTF_8);
    Path png = dir.resolve("report.png");

    Process shot = run(chromium, "--screenshot=" + png, "--window-size=1280,2000", html.toUri().toString());
    assertThat(shot.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    Process dump = run(chromium, "--dump-dom", html.toUri().toString());
    String dom = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(dump.waitFor(90, TimeUnit.SECONDS)).isTrue();

    assertThat(dom).contains("Accounts that look compromised").contains("victim@x.test").contains("ceo@x.test").contains("<svg");
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1280);
    // The compromised verdict's red border and the blue chart bars are drawn.
    assertThat(countPixels(image, 0xe15759)).isGreaterThan(100);
    assertThat(countPixels(image, 0x4e79a7)).isGreaterThan(100);
  }

  private static long countPixels(BufferedImage image, int rgb) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }
}
