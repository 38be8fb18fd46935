package sentinel.hook.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentinel.common.config.ConfigException;
import sentinel.common.contract.AccountDecision;
import sentinel.common.json.Json;
import sentinel.hook.config.HookSettings;
import sentinel.hook.decision.AccountDecisions;
import sentinel.hook.decision.Accounts;
import sentinel.hook.decision.DecisionCache;
import sentinel.hook.operator.DecisionWriter;
import sentinel.hook.operator.OperatorDecisions;

/**
 * A small HTTP API for hosting panels, off by default, with the operator commands' operations.
 * Every request needs {@code Authorization: Bearer <hook.http.token>}.
 *
 * <pre>
 * GET  /accounts                       decisions in force (HOLD/THROTTLE)
 * GET  /accounts/{account}             in force, operator and detector decisions
 * POST /accounts/{account}/hold        ?reason=…&amp;until=…
 * POST /accounts/{account}/throttle    ?limit=N&amp;reason=…&amp;until=…
 * POST /accounts/{account}/release     ?reason=…&amp;until=…
 * </pre>
 */
public final class OperatorHttpApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorHttpApi.class);
  private final HttpServer server;
  private final byte[] token;
  private final DecisionCache cache;
  private final OperatorDecisions decisions;
  private final DecisionWriter writer;
  private final Clock clock;
  private final ObjectMapper json = Json.newMapper();

  private OperatorHttpApi(HttpServer server, String token, DecisionCache cache, OperatorDecisions decisions,
      DecisionWriter writer, Clock clock) {
    this.server = server;
    this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.cache = cache;
    this.decisions = decisions;
    this.writer = writer;
    this.clock = clock;
  }

  public static OperatorHttpApi start(HookSettings.HttpApiSettings settings, DecisionCache cache,
      OperatorDecisions decisions, DecisionWriter writer, Clock clock) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(settings.endpoint().bind(), settings.endpoint().port()), 0);
      OperatorHttpApi api = new OperatorHttpApi(server, settings.token(), cache, decisions, writer, clock);
      server.createContext("/accounts", api::handle);
      server.setExecutor(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "operator-http");
        t.setDaemon(true);
        return t;
      }));
      server.start();
      LOG.info("Operator HTTP API on http://{}:{}/accounts (token required)", settings.endpoint().bind(), api.port());
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for the operator API on " + settings.endpoint() + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      // Constant-time comparison: the token must not leak through response timing.
      if (auth == null || !MessageDigest.isEqual(token, auth.getBytes(StandardCharsets.UTF_8))) {
        respond(ex, 401, Map.of("error", "missing or wrong bearer token"));
        return;
      }
      List<String> path = List.of(ex.getRequestURI().getPath().replaceAll("^/+|/+$", "").split("/+"));
      Map<String, String> query = query(ex.getRequestURI().getRawQuery());
      String method = ex.getRequestMethod();
      Instant now = clock.instant();
      if (path.size() == 1 && method.equals("GET")) {
        respond(ex, 200, cache.underDecision(now));
      } else if (path.size() == 2 && method.equals("GET")) {
        respond(ex, 200, status(path.get(1), now));
      } else if (path.size() == 3 && method.equals("POST")) {
        AccountDecision d = build(path.get(1), path.get(2), query);
        if (d == null) {
          respond(ex, 404, Map.of("error", "unknown operation " + path.get(2)));
          return;
        }
        writer.write(d);
        respond(ex, 200, d);
      } else {
        respond(ex, 404, Map.of("error", "no such resource"));
      }
    } catch (ConfigException | NumberFormatException e) {
      respond(ex, 400, Map.of("error", String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      LOG.warn("Operator API request {} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
      respond(ex, 503, Map.of("error", String.valueOf(e.getMessage())));
    }
  }

  private Map<String, Object> status(String account, Instant now) {
    AccountDecisions stored = cache.stored(account);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("account", Accounts.normalize(account));
    out.put("inForce", stored.effectiveAt(now).orElse(null));
    out.put("operator", stored.operator());
    out.put("detector", stored.detector());
    return out;
  }

  private AccountDecision build(String account, String op, Map<String, String> q) {
    OperatorDecisions decisions = this.decisions.frozen();
    List<String> reasons = q.containsKey("reason") ? List.of(q.get("reason")) : List.of();
    Instant until = decisions.parseUntil(q.get("until"));
    return switch (op) {
      case "hold" -> decisions.hold(account, reasons, until);
      case "throttle" -> decisions.throttle(account, Integer.parseInt(q.getOrDefault("limit", "")), reasons, until);
      case "release" -> decisions.release(account, reasons, until);
      default -> null;
    };
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private void respond(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
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
