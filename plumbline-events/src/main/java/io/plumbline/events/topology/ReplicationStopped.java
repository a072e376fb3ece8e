package io.plumbline.events.topology;

import java.time.Instant;

import io.plumbline.events.EventPayload;

/** A replica's IO or SQL thread is not running. */
public record ReplicationStopped(String cluster, String replica, boolean ioRunning, boolean sqlRunning,
        String lastError, Instant observedAt) implements EventPayload {

    @Override
    public String subject() {
        return cluster;
    }
}
