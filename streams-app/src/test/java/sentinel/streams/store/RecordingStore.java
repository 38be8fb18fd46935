package sentinel.streams.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;

/** A key-value store that writes down the named calls it receives ("put a=1", "delete b") before passing them on. */
final class RecordingStore {
  private RecordingStore() {}

  @SuppressWarnings("unchecked")
  static KeyValueStore<String, String> of(KeyValueStore<String, String> target, Set<String> methods, List<String> calls) {
    return (KeyValueStore<String, String>) Proxy.newProxyInstance(RecordingStore.class.getClassLoader(),
        new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
          if (methods.contains(method.getName())) {
            calls.add(method.getName() + " " + args[0] + (method.getName().equals("put") ? "=" + args[1] : ""));
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
