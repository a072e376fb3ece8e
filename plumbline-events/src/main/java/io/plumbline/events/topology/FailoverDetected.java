package io.plumbline.events.topology;

import java.time.Instant;

/** The writer moved to another server (Orchestrator promoted a replica). */
public record FailoverDetected(String cluster, String oldWriter, String newWriter, Instant observedAt)
        implements TopologyEvent {

    @Override
    public String subject() {
        return cluster;
    }
}
