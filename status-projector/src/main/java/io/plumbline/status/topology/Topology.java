package io.plumbline.status.topology;

import static io.plumbline.status.projection.Rows.instant;
import static io.plumbline.status.projection.Rows.integer;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The topology read model: each cluster's writer and each server's state, as the topology events told them. */
@Component
public class Topology {

    public record Server(String cluster, String server, String status, String role, Integer hostgroup, String detail,
            Instant observedAt) {
    }

    public record Cluster(String cluster, String writer, String writerState, boolean writerVerified,
            Instant lastFailoverAt, String lastFailover, Instant updatedAt) {
    }

    private final JdbcTemplate jdbc;

    Topology(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Server> servers() {
        return jdbc.query("SELECT * FROM proj_server ORDER BY cluster, server", (rs, i) -> new Server(rs.getString("cluster"),
                rs.getString("server"), rs.getString("status"), rs.getString("role"), integer(rs, "hostgroup"),
                rs.getString("detail"), instant(rs, "observed_at")));
    }

    public List<Cluster> clusters() {
        return jdbc.query("SELECT * FROM proj_cluster ORDER BY cluster", (rs, i) -> new Cluster(rs.getString("cluster"),
                rs.getString("writer"), rs.getString("writer_state"), rs.getBoolean("writer_verified"),
                instant(rs, "last_failover_at"), rs.getString("last_failover"), instant(rs, "updated_at")));
    }
}
