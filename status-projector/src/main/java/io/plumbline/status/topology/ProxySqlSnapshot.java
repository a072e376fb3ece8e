package io.plumbline.status.topology;

import java.time.Instant;
import java.util.List;

/**
 * What one read of ProxySQL's admin interface saw: every backend server in every hostgroup with its routing status,
 * plus the last health check ProxySQL's monitor made of it.
 */
record ProxySqlSnapshot(List<Backend> backends, Instant at) {

    /**
     * @param server    {@code hostname}, or {@code hostname:port} when the port is not 3306
     * @param status    ONLINE, SHUNNED, OFFLINE_SOFT or OFFLINE_HARD (the connection pool's live status when known)
     * @param readOnly  the monitor's last {@code read_only} check; {@code null} when it has none or it failed
     * @param lastError the monitor's last ping or read-only check error; {@code null} when both succeeded
     */
    record Backend(int hostgroup, String server, String status, Boolean readOnly, String lastError) {

        boolean online() {
            return "ONLINE".equalsIgnoreCase(status);
        }
    }
}
