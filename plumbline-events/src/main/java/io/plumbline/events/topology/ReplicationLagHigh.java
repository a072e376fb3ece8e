package io.plumbline.events.topology;

import java.time.Instant;

import io.plumbline.events.EventPayload;

/** A replica's lag crossed the configured threshold. */
public record ReplicationLagHigh(String cluster, String replica, long lagSeconds, long thresholdSeconds,
        Instant observedAt) implements EventPayload {

    @Override
    public String subject() {
        return cluster;
    }
}
