package io.plumbline.events.alerts;

import java.time.Instant;

/** Someone acknowledged the alert (Slack button or admin console). */
public record AlertAcknowledged(String fingerprint, String alertname, String acknowledgedBy, Instant acknowledgedAt)
        implements AlertEvent {

    @Override
    public String subject() {
        return fingerprint;
    }
}
