package sentinel.shipper.discover;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expands configured paths and globs ({@code /var/log/mail.log}, {@code /var/log/mail*.log},
 * {@code /var/log/**}{@code /maillog}) to the regular files that exist right now. Runs every poll,
 * so new files matching a glob are picked up.
 */
public final class PathScanner {
  private static final Logger LOG = LoggerFactory.getLogger(PathScanner.class);
  private final List<Pattern> patterns = new ArrayList<>();

  private record Pattern(String text, Path base, PathMatcher matcher, int depth) {}

  public PathScanner(List<String> pathsOrGlobs) {
    for (String p : pathsOrGlobs) {
      patterns.add(compile(p));
    }
  }

  /** Regular files matching any pattern, sorted; unreadable directories are logged and skipped. */
  public Set<Path> scan() {
    Set<Path> found = new TreeSet<>();
    for (Pattern p : patterns) {
      if (p.matcher == null) {
        if (Files.isRegularFile(p.base)) {
          found.add(p.base);
        }
        continue;
      }
      if (!Files.isDirectory(p.base)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(p.base, p.depth)) {
        walk.filter(f -> p.matcher.matches(f) && Files.isRegularFile(f)).forEach(found::add);
      } catch (IOException | java.io.UncheckedIOException e) {
        LOG.warn("Cannot list {} for pattern {}: {}", p.base, p.text, e.getMessage());
      }
    }
    return found;
  }

  private static Pattern compile(String text) {
    Path path = Path.of(text).toAbsolutePath().normalize();
    if (!hasGlob(path.toString())) {
      return new Pattern(text, path, null, 0);
    }
    // The walk starts at the deepest directory without glob characters and goes only as deep as
    // the pattern reaches ("**" means unbounded).
    Path base = path.getRoot();
    int i = 0;
    for (; i < path.getNameCount() - 1; i++) {
      String part = path.getName(i).toString();
      if (hasGlob(part)) {
        break;
      }
      base = base.resolve(part);
    }
    int depth = path.toString().contains("**") ? Integer.MAX_VALUE : path.getNameCount() - i;
    String glob = path.toString().replace("\\", "\\\\");
    return new Pattern(text, base, FileSystems.getDefault().getPathMatcher("glob:" + glob), depth);
  }

  private static boolean hasGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
  }
}
