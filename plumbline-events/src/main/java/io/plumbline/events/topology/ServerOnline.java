package io.plumbline.events.topology;

import java.time.Instant;

/** A database server is (again) ONLINE in its hostgroup. {@code role} is {@code WRITER} or {@code READER}. */
public record ServerOnline(String cluster, String server, Integer hostgroup, String role, Instant observedAt)
        implements TopologyEvent {

    @Override
    public String subject() {
        return cluster;
    }
}
