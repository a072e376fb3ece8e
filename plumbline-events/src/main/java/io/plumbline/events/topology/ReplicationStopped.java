package io.plumbline.events.topology;

import java.time.Instant;

/** A replica's IO or SQL thread is not running. */
public record ReplicationStopped(String cluster, String replica, boolean ioRunning, boolean sqlRunning,
        String lastError, Instant observedAt) implements TopologyEvent {

    @Override
    public String subject() {
        return cluster;
    }
}
