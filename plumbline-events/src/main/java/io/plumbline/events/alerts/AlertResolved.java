package io.plumbline.events.alerts;

/** Alertmanager reported the alert as resolved. Event id: derived from fingerprint + status + startsAt + endsAt. */
public record AlertResolved(Alert alert) implements AlertEvent {

    @Override
    public String subject() {
        return alert.fingerprint();
    }
}
