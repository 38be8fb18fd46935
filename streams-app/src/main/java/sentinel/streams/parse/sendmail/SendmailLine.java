package sentinel.streams.parse.sendmail;

import sentinel.streams.parse.framing.FramedLine;

/**
 * One Sendmail line as the table rows see it.
 *
 * @param queueId the leading queue ID, null for {@code NOQUEUE:} and lines without one
 * @param body where the message goes on after the queue ID (0 when there is none)
 */
record SendmailLine(FramedLine frame, String host, String program, String queueId, int body) {
  String message() {
    return frame.message();
  }
}
