package io.plumbline.events.topology;

import java.time.Instant;

/**
 * A writer is ONLINE again.
 *
 * @param probeVerified a real write (insert + delete on the probe table) succeeded on it
 */
public record WriterRestored(String cluster, String writer, boolean probeVerified, Instant observedAt)
        implements TopologyEvent {

    @Override
    public String subject() {
        return cluster;
    }
}
