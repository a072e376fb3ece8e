package io.plumbline.events.notifications;

import java.time.Instant;

/**
 * A Slack message was delivered.
 *
 * @param subject       the alert fingerprint (or the subject of the platform event that was notified)
 * @param sourceEventId the {@code ce_id} of the event that caused the message
 * @param threadTs      the thread the message belongs to ({@code null} for a top-level message)
 */
public record NotificationSent(String subject, String sourceEventId, String sourceType, String channel,
        String transport, String messageTs, String threadTs, int attempt, Instant sentAt) implements NotificationEvent {
}
