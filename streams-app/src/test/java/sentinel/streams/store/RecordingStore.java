package sentinel.streams.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** A key-value store that writes down the named calls it receives ("put a=1", "delete b") before passing them on. */
final class RecordingStore {
  private RecordingStore() {}

  /** A plain in-memory store (no changelog, no Kafka cache) to put under the cache being tested. */
  static KeyValueStore<String, String> plainInMemory() {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.String(), Serdes.String())
        .withLoggingDisabled().withCachingDisabled().build();
  }

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
