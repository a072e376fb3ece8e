package io.plumbline.alerting.alert;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Deterministic event ids for alert states: the same state of the same episode, sent by both Alertmanager peers or
 * re-sent at every group interval, gets the same {@code ce_id}, so consumers see it once.
 */
public final class AlertIds {

    private AlertIds() {
    }

    /** Name-based UUID of fingerprint + status + startsAt (+ endsAt when resolved). */
    public static String eventId(String fingerprint, EpisodeState state, Instant startsAt, Instant endsAt) {
        String name = "alertmanager/" + fingerprint + "/" + state.name().toLowerCase() + "/" + startsAt
                + (state == EpisodeState.RESOLVED ? "/" + endsAt : "");
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
