package sentinel.hook.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blocking accept loop with one thread per connection. MTA policy clients keep a handful of
 * long-lived connections (one per smtpd process), so a thread each is cheap and keeps an answer
 * free of any hand-off between threads. At most {@code maxConnections} are served at once; more
 * are closed immediately and reported through {@code onRefused}.
 */
public final class SocketServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SocketServer.class);

  /** One accepted connection, whatever its transport. */
  private interface Conn extends Closeable {
    InputStream in() throws IOException;

    OutputStream out() throws IOException;
  }

  /** The listening side, whatever its transport. */
  private interface Listener extends Closeable {
    Conn accept() throws IOException;
  }

  private final String name;
  private final Listener listener;
  private final int port;
  private final Path socketPath;
  private final ConnectionHandler handler;
  private final Semaphore slots;
  private final Runnable onRefused;
  private final ExecutorService workers;
  private final Set<Conn> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closing;

  private SocketServer(String name, Listener listener, int port, Path socketPath, ConnectionHandler handler,
      int maxConnections, Runnable onRefused) {
    this.name = name;
    this.listener = listener;
    this.port = port;
    this.socketPath = socketPath;
    this.handler = handler;
    this.slots = new Semaphore(maxConnections);
    this.onRefused = onRefused;
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newCachedThreadPool(r -> daemon(r, name + "-conn-" + n.incrementAndGet()));
    this.acceptor = daemon(this::acceptLoop, name + "-accept");
    acceptor.start();
  }

  /** Listens on TCP {@code bind:port} ({@code port} 0 picks a free one). */
  public static SocketServer tcp(String name, String bind, int port, int maxConnections, Duration idleTimeout,
      ConnectionHandler handler, Runnable onRefused) {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(bind, port), 512);
      int idleMillis = (int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis());
      Listener listener = new Listener() {
        @Override
        public Conn accept() throws IOException {
          Socket s = server.accept();
          // Answers are one small write each: send them now, not after Nagle's delay.
          s.setTcpNoDelay(true);
          s.setSoTimeout(idleMillis);
          return new Conn() {
            @Override
            public InputStream in() throws IOException {
              return s.getInputStream();
            }

            @Override
            public OutputStream out() throws IOException {
              return s.getOutputStream();
            }

            @Override
            public void close() throws IOException {
              s.close();
            }
          };
        }

        @Override
        public void close() throws IOException {
          server.close();
        }
      };
      SocketServer out = new SocketServer(name, listener, server.getLocalPort(), null, handler, maxConnections, onRefused);
      LOG.info("{} listening on {}:{}", name, bind, out.port);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(name + " cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** Listens on a unix socket at {@code path} with permissions {@code mode} (e.g. rw-rw----). */
  public static SocketServer unix(String name, Path path, String mode, int maxConnections,
      ConnectionHandler handler, Runnable onRefused) {
    try {
      // A socket file left by a previous run would make bind fail; it is ours to replace.
      Files.deleteIfExists(path);
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(path), 512);
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
      Listener listener = new Listener() {
        @Override
        public Conn accept() throws IOException {
          SocketChannel ch = server.accept();
          return new Conn() {
            @Override
            public InputStream in() {
              return Channels.newInputStream(ch);
            }

            @Override
            public OutputStream out() {
              return Channels.newOutputStream(ch);
            }

            @Override
            public void close() throws IOException {
              ch.close();
            }
          };
        }

        @Override
        public void close() throws IOException {
          server.close();
        }
      };
      SocketServer out = new SocketServer(name, listener, -1, path, handler, maxConnections, onRefused);
      LOG.info("{} listening on unix:{}", name, path);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(name + " cannot listen on unix:" + path + ": " + e.getMessage(), e);
    }
  }

  /** The TCP port actually bound; -1 for a unix socket. */
  public int port() {
    return port;
  }

  private void acceptLoop() {
    while (!closing) {
      Conn conn;
      try {
        conn = listener.accept();
      } catch (IOException e) {
        if (!closing) {
          LOG.warn("{}: accept failed: {}", name, e.toString());
        }
        continue;
      }
      if (!slots.tryAcquire()) {
        onRefused.run();
        closeQuietly(conn);
        continue;
      }
      open.add(conn);
      workers.execute(() -> serve(conn));
    }
  }

  private void serve(Conn conn) {
    try {
      handler.serve(conn.in(), conn.out());
    } catch (SocketTimeoutException e) {
      LOG.debug("{}: idle client disconnected", name);
    } catch (SocketException e) {
      LOG.debug("{}: client went away: {}", name, e.getMessage());
    } catch (IOException | RuntimeException e) {
      if (!closing) {
        LOG.warn("{}: connection ended with {}", name, e.toString());
      }
    } finally {
      open.remove(conn);
      closeQuietly(conn);
      slots.release();
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      LOG.debug("close failed: {}", e.toString());
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    closing = true;
    closeQuietly(listener);
    open.forEach(SocketServer::closeQuietly);
    workers.shutdownNow();
    if (socketPath != null) {
      try {
        Files.deleteIfExists(socketPath);
      } catch (IOException e) {
        LOG.debug("cannot remove {}: {}", socketPath, e.toString());
      }
    }
  }
}
