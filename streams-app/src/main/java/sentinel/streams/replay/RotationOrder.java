package sentinel.streams.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts log files into the order their lines were written, oldest first, from their names alone:
 * logrotate's numbered siblings ({@code mail.log.2.gz}, {@code mail.log.1}, {@code mail.log}: a higher
 * number is older) and its {@code dateext} siblings ({@code mail.log-20261124.gz}: an earlier date is
 * older). The live file, without a suffix, is the newest of its family. Files of different families
 * keep the order they were given in.
 */
public final class RotationOrder {
  private static final Pattern SUFFIX = Pattern.compile("^(.*?)(?:\\.(\\d{1,4})|-(\\d{8,10}))?$");

  private RotationOrder() {}

  public static List<Path> oldestFirst(List<Path> files) {
    List<Path> families = new ArrayList<>();
    for (Path p : files) {
      Path base = p.resolveSibling(rotation(p).base());
      if (!families.contains(base)) {
        families.add(base);
      }
    }
    Comparator<Path> order = Comparator
        .<Path>comparingInt(p -> families.indexOf(p.resolveSibling(rotation(p).base())))
        .thenComparing(p -> rotation(p), Rotation.OLDEST_FIRST);
    return files.stream().sorted(order).toList();
  }

  /** What a file's name says about its place in the rotation. */
  static Rotation rotation(Path file) {
    String name = file.getFileName().toString();
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    Matcher m = SUFFIX.matcher(name);
    if (!m.matches()) {
      return new Rotation(name, 0, null);
    }
    if (m.group(2) != null) {
      return new Rotation(m.group(1), Integer.parseInt(m.group(2)), null);
    }
    if (m.group(3) != null) {
      return new Rotation(m.group(1), 0, m.group(3));
    }
    return new Rotation(m.group(1), 0, null);
  }

  /**
   * @param base the name without rotation suffix and compression
   * @param number logrotate's number (1 = most recent rotated file), 0 when absent
   * @param date the dateext suffix, null when absent
   */
  record Rotation(String base, int number, String date) {
    boolean live() {
      return number == 0 && date == null;
    }

    static final Comparator<Rotation> OLDEST_FIRST = (a, b) -> {
      if (a.live() != b.live()) {
        return a.live() ? 1 : -1;
      }
      if (a.date() != null && b.date() != null) {
        return a.date().compareTo(b.date());
      }
      if (a.date() != null || b.date() != null) {
        return a.date() != null ? -1 : 1;
      }
      return Integer.compare(b.number(), a.number());
    };
  }
}
