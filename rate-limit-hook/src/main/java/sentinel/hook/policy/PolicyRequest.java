package sentinel.hook.policy;

/**
 * The attributes of one Postfix policy delegation request that the hook uses (Postfix sends some
 * thirty; the rest are read and ignored).
 *
 * @param request must be {@code smtpd_access_policy}
 * @param protocolState RCPT, DATA, END-OF-MESSAGE, …: decides whether recipients are counted
 * @param saslUsername the SMTP AUTH user; empty for unauthenticated clients
 * @param sender envelope sender
 * @param clientAddress the SMTP client's IP address
 * @param recipientCount recipients accepted so far; set by Postfix at DATA and END-OF-MESSAGE only
 * @param queueId for logs
 * @param problem null for a well-formed request, otherwise the metric reason
 *     (oversized, malformed_line, not_a_policy_request, empty_request)
 */
public record PolicyRequest(
    String request,
    String protocolState,
    String saslUsername,
    String sender,
    String clientAddress,
    String recipientCount,
    String queueId,
    String problem) {}
