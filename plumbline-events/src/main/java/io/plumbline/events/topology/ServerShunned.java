package io.plumbline.events.topology;

import java.time.Instant;

/** ProxySQL (or the direct probe) stopped routing to a server: SHUNNED, OFFLINE or unreachable. */
public record ServerShunned(String cluster, String server, Integer hostgroup, String status, String reason,
        Instant observedAt) implements TopologyEvent {

    @Override
    public String subject() {
        return cluster;
    }
}
