package io.plumbline.status.topology;

import java.time.Instant;

/**
 * What one probe round saw on one server.
 *
 * @param readOnly     {@code @@read_only}; {@code null} when unreachable
 * @param replication  the replica status; {@code null} when the server replicates from nobody
 * @param writeProbeOk a write probe (insert + delete) succeeded; only attempted on servers with read_only off
 * @param error        why the server was unreachable or the write probe failed
 */
public record ServerObservation(String server, boolean reachable, Boolean readOnly, Replication replication, String gtid,
        boolean writeProbeOk, String error, Instant at) {

    public record Replication(boolean ioRunning, boolean sqlRunning, Long lagSeconds, String lastError) {

        boolean running() {
            return ioRunning && sqlRunning;
        }
    }

    public boolean isWriter() {
        return reachable && Boolean.FALSE.equals(readOnly) && writeProbeOk;
    }

    static ServerObservation unreachable(String server, String error, Instant at) {
        return new ServerObservation(server, false, null, null, null, false, error, at);
    }
}
