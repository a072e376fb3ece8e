package io.plumbline.events.topology;

import java.time.Instant;

/** No ONLINE writer remains in the cluster: writes cannot succeed. Triggers emergency maintenance. */
public record WriterLost(String cluster, String lastWriter, String reason, Instant observedAt) implements TopologyEvent {

    @Override
    public String subject() {
        return cluster;
    }
}
