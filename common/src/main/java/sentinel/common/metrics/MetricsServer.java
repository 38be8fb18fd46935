package sentinel.common.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /metrics} (Prometheus text format) and {@code /health} over HTTP.
 *
 * <p>Binds to 127.0.0.1 unless configured otherwise: metrics name accounts, so they are not for
 * every interface by default.
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving; {@code port} 0 picks a free port. {@code health} answers {@code /health}: true
   * is 200 "ok", false is 503.
   */
  public static MetricsServer start(
      String bindAddress, int port, PrometheusMeterRegistry registry, Supplier<Boolean> health) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
      server.createContext("/metrics", ex -> respond(ex, 200, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8"));
      server.createContext("/health", ex -> {
        boolean ok = health.get();
        respond(ex, ok ? 200 : 503, ok ? "ok\n" : "unhealthy\n", "text/plain");
      });
      server.setExecutor(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "metrics-http");
        t.setDaemon(true);
        return t;
      }));
      server.start();
      LOG.info("Metrics on http://{}:{}/metrics", bindAddress, server.getAddress().getPort());
      return new MetricsServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for metrics on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String body, String contentType) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
