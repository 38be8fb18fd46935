package sentinel.streams.parse.framing;

import java.time.Instant;

/**
 * A log line split into its frame and its message.
 *
 * @param time the log's own timestamp
 * @param host the host the line names (null when the framing has none, as in Exim's mainlog)
 * @param program the syslog tag without the pid, e.g. {@code postfix/submission/smtpd}; {@code exim}
 *     for Exim's own log files
 * @param message everything after the tag
 * @param pid the process ID the frame names, null when it names none; ties the parts of a line
 *     that syslog split ({@code [1/2] …}, {@code [2/2] …}) together
 */
public record FramedLine(Instant time, String host, String program, String message, String pid) {}
