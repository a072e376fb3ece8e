package io.plumbline.events.notifications;

import java.time.Duration;
import java.time.Instant;

/** A Slack delivery attempt failed and will be retried after {@code retryAfter} (429 Retry-After, 5xx, timeout). */
public record NotificationRetried(String subject, String sourceEventId, String channel, int attempt, String reason,
        Duration retryAfter, Instant at) implements NotificationEvent {
}
