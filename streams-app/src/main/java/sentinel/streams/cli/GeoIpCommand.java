package sentinel.streams.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sentinel.streams.geo.CountryLookup;
import sentinel.streams.geo.GeoInfo;
import sentinel.streams.geo.GeoIpFetcher;
import sentinel.streams.geo.GeoLookups;
import sentinel.streams.geo.GeoSettings;

/** {@code ./sentinel geoip fetch|lookup}: gets the free country database, or looks addresses up in the configured one. */
@Command(name = "geoip", mixinStandardHelpOptions = true, description = "GeoIP database: fetch the free one, look addresses up.",
    subcommands = {GeoIpCommand.Fetch.class, GeoIpCommand.Lookup.class})
public final class GeoIpCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = "Downloads the CC0 country database (npm package " + GeoIpFetcher.PACKAGE + ") with npm and caches it"
          + " under .sentinel/geoip/ (no licence key needed). A GeoLite2/GeoIP2 file of your own: set geoip.database instead.")
  static final class Fetch implements Callable<Integer> {
    @Option(names = "--to", paramLabel = "FILE", description = "Where to put it (default: ${DEFAULT-VALUE})")
    Path target = GeoSettings.DEFAULT_DATABASE;

    @Option(names = "--npm", paramLabel = "CMD", description = "The npm command (default: ${DEFAULT-VALUE})")
    String npm = "npm";

    @Override
    public Integer call() throws Exception {
      long bytes = GeoIpFetcher.fetch(target, npm);
      System.out.printf("GeoIP country database: %s (%d KiB)%n", target, bytes / 1024);
      return 0;
    }
  }

  @Command(name = "lookup", mixinStandardHelpOptions = true, description = "Prints country, ASN and location of IP addresses.")
  static final class Lookup implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Parameters(paramLabel = "IP", arity = "1..*")
    List<String> ips;

    @Override
    public Integer call() {
      CountryLookup lookup = GeoLookups.open(GeoSettings.from(config.load()));
      for (String ip : ips) {
        GeoInfo g = lookup.lookup(ip);
        System.out.printf("%s\t%s%s%s%n", ip, g.country(), g.asn() == 0 ? "" : "\tAS" + g.asn(),
            g.hasLocation() ? "\t" + g.latitude() + "," + g.longitude() : "");
      }
      return 0;
    }
  }
}
