package io.plumbline.events.notifications;

import io.plumbline.events.EventPayload;

/** The notifications domain's events: alert-router's deliveries to Slack. A new one is a record here, permitted below. */
public sealed interface NotificationEvent extends EventPayload permits NotificationFailed, NotificationRetried, NotificationSent {
}
