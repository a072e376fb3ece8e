package io.plumbline.events.alerts;

/** Alertmanager reported the alert as firing. Event id: derived from fingerprint + status + startsAt. */
public record AlertFiring(Alert alert) implements AlertEvent {

    @Override
    public String subject() {
        return alert.fingerprint();
    }
}
