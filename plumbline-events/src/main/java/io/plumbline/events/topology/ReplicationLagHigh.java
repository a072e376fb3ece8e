package io.plumbline.events.topology;

import java.time.Instant;

/** A replica's lag crossed the configured threshold. */
public record ReplicationLagHigh(String cluster, String replica, long lagSeconds, long thresholdSeconds,
        Instant observedAt) implements TopologyEvent {

    @Override
    public String subject() {
        return cluster;
    }
}
