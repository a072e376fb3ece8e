package io.plumbline.events.alerts;

import io.plumbline.events.EventPayload;

/** The alerts domain's events: Alertmanager's alerts as alert-router relays them, and what admins did about them. A new one is a record here, permitted below. */
public sealed interface AlertEvent extends EventPayload permits AlertAcknowledged, AlertFiring, AlertResolved, AlertSilenced {
}
