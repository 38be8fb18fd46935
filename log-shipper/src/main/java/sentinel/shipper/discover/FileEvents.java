package sentinel.shipper.discover;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sentinel.shipper.identity.FileKey;

/** Pure comparison of two scans (path to file key); no I/O, so rotation logic is unit-testable. */
public final class FileEvents {
  private FileEvents() {}

  /** Events in path order: Created, Moved and Replaced for paths in {@code now}, then Deleted. */
  public static List<FileEvent> diff(Map<Path, FileKey> previous, Map<Path, FileKey> now) {
    Map<FileKey, Path> previousByKey = new HashMap<>();
    previous.forEach((p, k) -> previousByKey.put(k, p));
    Map<FileKey, Path> nowByKey = new HashMap<>();
    now.forEach((p, k) -> nowByKey.put(k, p));

    List<FileEvent> events = new ArrayList<>();
    for (Map.Entry<Path, FileKey> e : new TreeMap<>(now).entrySet()) {
      Path path = e.getKey();
      FileKey key = e.getValue();
      FileKey before = previous.get(path);
      if (key.equals(before)) {
        continue;
      }
      Path oldPath = previousByKey.get(key);
      if (oldPath != null && !oldPath.equals(path)) {
        events.add(new FileEvent.Moved(oldPath, path, key));
      }
      if (before != null) {
        events.add(new FileEvent.Replaced(path, before, key));
      } else if (oldPath == null) {
        events.add(new FileEvent.Created(path, key));
      }
    }
    for (Map.Entry<Path, FileKey> e : new TreeMap<>(previous).entrySet()) {
      if (!now.containsKey(e.getKey()) && !nowByKey.containsKey(e.getValue())) {
        events.add(new FileEvent.Deleted(e.getKey(), e.getValue()));
      }
    }
    return events;
  }
}
