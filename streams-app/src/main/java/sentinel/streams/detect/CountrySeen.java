package sentinel.streams.detect;

/** One login country of an account: first and last epoch minute it was seen (history decays by last-seen). */
public record CountrySeen(long firstMinute, long lastMinute) {
  CountrySeen seenAt(long minute) {
    return new CountrySeen(Math.min(firstMinute, minute), Math.max(lastMinute, minute));
  }
}
