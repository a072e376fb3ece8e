package io.plumbline.events.notifications;

import java.time.Instant;

/** Slack delivery gave up after the last attempt; the source event went to the dead-letter topic. */
public record NotificationFailed(String subject, String sourceEventId, String channel, int attempts, String reason,
        Instant at) implements NotificationEvent {
}
