package sentinel.streams.replay;

/** Told how far a replay has got; the console shows it as a progress bar. */
public interface ReplayProgress {
  /**
   * @param lines lines read so far
   * @param bytes bytes read from disk so far
   * @param totalBytes size of all files on disk
   */
  void update(long lines, long bytes, long totalBytes);

  /** The last update was the final one. */
  void finished(long lines, long bytes, long totalBytes);

  static ReplayProgress silent() {
    return new ReplayProgress() {
      @Override
      public void update(long lines, long bytes, long totalBytes) {}

      @Override
      public void finished(long lines, long bytes, long totalBytes) {}
    };
  }
}
