package sentinel.shipper.sink;

import sentinel.shipper.checkpoint.AckTracker;

/**
 * One serialized line on its way to the broker, with what its acknowledgement settles.
 *
 * @param value serialized envelope
 * @param acks the file's tracker, told when the line is acknowledged
 * @param offset the line's first byte in the file
 * @param endOffset just after its terminator
 */
public record Outgoing(byte[] value, AckTracker acks, long offset, long endOffset) {
  /** Bytes counted against the in-flight cap: what the producer buffers for this record. */
  public long charge(int keyBytes) {
    return (long) value.length + keyBytes;
  }
}
