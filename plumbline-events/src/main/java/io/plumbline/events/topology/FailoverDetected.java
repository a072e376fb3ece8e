package io.plumbline.events.topology;

import java.time.Instant;

import io.plumbline.events.EventPayload;

/** The writer moved to another server (Orchestrator promoted a replica). */
public record FailoverDetected(String cluster, String oldWriter, String newWriter, Instant observedAt)
        implements EventPayload {

    @Override
    public String subject() {
        return cluster;
    }
}
