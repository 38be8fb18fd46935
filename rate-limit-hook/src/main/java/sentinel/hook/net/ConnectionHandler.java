package sentinel.hook.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Serves one client connection until the client closes it: many requests per connection. */
@FunctionalInterface
public interface ConnectionHandler {
  void serve(InputStream in, OutputStream out) throws IOException;
}
