package io.plumbline.events.alerts;

import java.time.Instant;

/** A real Alertmanager silence was created for the alert. */
public record AlertSilenced(String fingerprint, String alertname, String silenceId, String silencedBy, Instant until,
        Instant silencedAt) implements AlertEvent {

    @Override
    public String subject() {
        return fingerprint;
    }
}
