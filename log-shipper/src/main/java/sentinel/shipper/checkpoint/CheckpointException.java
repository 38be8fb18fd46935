package sentinel.shipper.checkpoint;

/** The checkpoint cannot be used safely; the message says why and what to do. */
public final class CheckpointException extends RuntimeException {
  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
