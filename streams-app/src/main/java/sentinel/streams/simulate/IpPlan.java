package sentinel.streams.simulate;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import sentinel.streams.geo.AddressClass;
import sentinel.streams.geo.CountryLookup;
import sentinel.streams.geo.GeoInfo;

/**
 * The simulator's address plan: one /16 per country, with a city's coordinates. The blocks are
 * fictitious (not the real allocations of those countries); the tests write them into a small
 * MaxMind-format database, and {@link #lookup()} answers from them directly for the simulate command.
 */
public final class IpPlan {
  /** One country's block: {@code a.b.0.0/16}. */
  public record Block(String country, int a, int b, double latitude, double longitude) {
    public String ip(int index) {
      int i = Math.floorMod(index, 65000) + 10;
      return a + "." + b + "." + (i / 250) + "." + (1 + i % 250);
    }
  }

  public static final List<Block> BLOCKS = List.of(
      new Block("DE", 81, 10, 52.52, 13.40),
      new Block("AT", 83, 20, 48.21, 16.37),
      new Block("CH", 85, 30, 47.37, 8.54),
      new Block("ES", 88, 40, 40.42, -3.70),
      new Block("US", 24, 50, 40.71, -74.00),
      new Block("BR", 177, 60, -23.55, -46.63),
      new Block("VN", 113, 70, 21.03, 105.85),
      new Block("IN", 117, 80, 19.08, 72.88),
      new Block("RU", 95, 90, 55.76, 37.62),
      new Block("CN", 121, 100, 39.90, 116.40),
      new Block("NG", 105, 110, 6.52, 3.38),
      new Block("ID", 36, 120, -6.20, 106.80));

  private static final Map<String, Block> BY_COUNTRY = BLOCKS.stream().collect(Collectors.toMap(Block::country, Function.identity()));

  private IpPlan() {}

  public static Block of(String country) {
    Block b = BY_COUNTRY.get(country);
    if (b == null) {
      throw new IllegalArgumentException("no block for " + country);
    }
    return b;
  }

  /** A lookup straight from the plan, with City-like coordinates. */
  public static CountryLookup lookup() {
    return ip -> {
      var label = AddressClass.label(ip);
      if (label.isPresent()) {
        return GeoInfo.label(label.get());
      }
      String[] p = ip.split("\\.");
      if (p.length == 4) {
        for (Block b : BLOCKS) {
          if (p[0].equals(String.valueOf(b.a())) && p[1].equals(String.valueOf(b.b()))) {
            return new GeoInfo(b.country(), 0, b.latitude(), b.longitude());
          }
        }
      }
      return GeoInfo.label(GeoInfo.UNKNOWN);
    };
  }
}
