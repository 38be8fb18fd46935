package sentinel.streams.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingCountryLookupTest {
  private final List<String> asked = new ArrayList<>();
  private final CountryLookup counting = ip -> {
    asked.add(ip);
    return CountryLookup.none().lookup(ip);
  };

  @Test
  void answersARepeatedAddressFromTheCacheWithTheSameAnswer() {
    CachingCountryLookup geo = new CachingCountryLookup(counting, 2);

    GeoInfo first = geo.lookup("10.0.0.1");
    GeoInfo again = geo.lookup("10.0.0.1");

    assertThat(again).isEqualTo(first).isEqualTo(CountryLookup.none().lookup("10.0.0.1"));
    assertThat(asked).containsExactly("10.0.0.1");
  }

  @Test
  void forgetsTheLeastRecentlyUsedAddressBeyondItsSize() {
    CachingCountryLookup geo = new CachingCountryLookup(counting, 2);
    geo.lookup("10.0.0.1");
    geo.lookup("10.0.0.2");
    geo.lookup("10.0.0.1");
    geo.lookup("10.0.0.3"); // evicts .2, the least recently used

    geo.lookup("10.0.0.1");
    geo.lookup("10.0.0.2");

    assertThat(asked).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.2");
  }
}
