package sentinel.streams.detect;

/**
 * What is normal for one account: the hourly message and recipient volume it has learned.
 *
 * <p>Two figures per measure, both updated once an hour has ended and only from hours in which the
 * account sent something: {@code typical} is an EWMA of active hours; {@code peak} is the largest
 * such hour, halving every {@link VolumeSettings#peakHalfLife()} so that a monthly newsletter is
 * still remembered a month later but a one-off stays no longer. A finished hour feeds them only
 * capped (winsorised: {@link VolumeSettings#learnCap()} times what was normal for the typical
 * figure, {@link VolumeSettings#peakLearnCap()} times for the peak) and not at all while
 * the account was judged COMPROMISED, so an attack cannot teach the baseline that attacks are normal.
 * Hour-of-day profiles were left out: per-hour figures would need 24 times the state for little
 * gain, because the comparison is against active hours anyway.
 *
 * @param hour epoch hour being accumulated
 * @param hourMessages messages so far in {@code hour}
 * @param hourRecipients recipients so far in {@code hour}
 * @param hourCompromised the account was judged COMPROMISED during {@code hour}: do not learn from it
 * @param activeHours how many active hours were learned (saturates)
 */
public record Baseline(
    long hour, int hourMessages, int hourRecipients, boolean hourCompromised,
    float typicalMessages, float typicalRecipients, float peakMessages, float peakRecipients, long peakHour, int activeHours) {

  public static Baseline empty() {
    return new Baseline(Long.MIN_VALUE, 0, 0, false, 0, 0, 0, 0, 0, 0);
  }

  /** Adds one message submitted at {@code epochHour}, first folding the hour before into the learned figures. */
  public Baseline record(long epochHour, int recipients, VolumeSettings s) {
    Baseline b = rollTo(epochHour, s);
    if (epochHour < b.hour) {
      return b; // a late record of an hour already learned
    }
    return new Baseline(b.hour, b.hourMessages + 1, b.hourRecipients + recipients, b.hourCompromised,
        b.typicalMessages, b.typicalRecipients, b.peakMessages, b.peakRecipients, b.peakHour, b.activeHours);
  }

  public Baseline markCompromised() {
    return hourCompromised ? this : new Baseline(hour, hourMessages, hourRecipients, true,
        typicalMessages, typicalRecipients, peakMessages, peakRecipients, peakHour, activeHours);
  }

  /** Learns the finished hour if {@code epochHour} is a later one. */
  Baseline rollTo(long epochHour, VolumeSettings s) {
    if (epochHour <= hour) {
      return this;
    }
    if (hour == Long.MIN_VALUE || hourMessages == 0 || hourCompromised) {
      return new Baseline(epochHour, 0, 0, false, typicalMessages, typicalRecipients, peakMessages, peakRecipients, peakHour, activeHours);
    }
    double refM = referenceMessages(hour, s);
    double refR = referenceRecipients(hour, s);
    double m = Math.min(hourMessages, s.learnCap() * Math.max(refM, s.learnFloorMessages()));
    double r = Math.min(hourRecipients, s.learnCap() * Math.max(refR, s.learnFloorRecipients()));
    double a = s.alpha();
    float tm = (float) (activeHours == 0 ? m : a * m + (1 - a) * typicalMessages);
    float tr = (float) (activeHours == 0 ? r : a * r + (1 - a) * typicalRecipients);
    double pmCapped = Math.min(hourMessages, s.peakLearnCap() * Math.max(refM, s.learnFloorMessages()));
    double prCapped = Math.min(hourRecipients, s.peakLearnCap() * Math.max(refR, s.learnFloorRecipients()));
    float pm = (float) Math.max(decayedPeak(peakMessages, hour, s), pmCapped);
    float pr = (float) Math.max(decayedPeak(peakRecipients, hour, s), prCapped);
    return new Baseline(epochHour, 0, 0, false, tm, tr, pm, pr, hour, Math.min(activeHours + 1, 1 << 20));
  }

  /** Messages in a normal busy hour: the larger of the typical active hour and the decayed peak. */
  public double referenceMessages(long epochHour, VolumeSettings s) {
    return Math.max(typicalMessages, decayedPeak(peakMessages, epochHour, s));
  }

  public double referenceRecipients(long epochHour, VolumeSettings s) {
    return Math.max(typicalRecipients, decayedPeak(peakRecipients, epochHour, s));
  }

  private double decayedPeak(float peak, long epochHour, VolumeSettings s) {
    if (peak == 0 || epochHour <= peakHour) {
      return peak;
    }
    return peak * Math.pow(0.5, (epochHour - peakHour) / (double) s.peakHalfLife().toHours());
  }

  public boolean learned(VolumeSettings s) {
    return activeHours >= s.minHistoryHours();
  }
}
