package io.plumbline.events.alerts;

import io.plumbline.events.EventPayload;

/** Alertmanager reported the alert as resolved. Event id: derived from fingerprint + status + startsAt + endsAt. */
public record AlertResolved(Alert alert) implements EventPayload {

    @Override
    public String subject() {
        return alert.fingerprint();
    }
}
