package io.plumbline.events.alerts;

import io.plumbline.events.EventPayload;

/** Alertmanager reported the alert as firing. Event id: derived from fingerprint + status + startsAt. */
public record AlertFiring(Alert alert) implements EventPayload {

    @Override
    public String subject() {
        return alert.fingerprint();
    }
}
