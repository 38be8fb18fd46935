package sentinel.shipper.config;

/** Where to start reading a file that has no checkpoint when the shipper starts. */
public enum StartAt {
  /** Read existing content: nothing is lost, at the cost of shipping old lines once. */
  BEGINNING,
  /** Skip existing content: only lines written from now on are shipped. */
  END
}
