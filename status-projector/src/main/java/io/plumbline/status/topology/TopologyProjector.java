package io.plumbline.status.topology;

import static io.plumbline.status.projection.Handlers.Summary.critical;
import static io.plumbline.status.projection.Handlers.Summary.info;
import static io.plumbline.status.projection.Handlers.Summary.warning;
import static io.plumbline.status.projection.Rows.ts;

import io.plumbline.events.topology.FailoverDetected;
import io.plumbline.events.topology.ReplicationLagHigh;
import io.plumbline.events.topology.ReplicationStopped;
import io.plumbline.events.topology.ServerOnline;
import io.plumbline.events.topology.ServerShunned;
import io.plumbline.events.topology.WriterLost;
import io.plumbline.events.topology.WriterRestored;
import io.plumbline.status.projection.Handlers;
import io.plumbline.status.projection.Projector;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The database topology as the topology events tell it: servers ({@code proj_server}) and writers ({@code proj_cluster}). */
@Component
class TopologyProjector implements Projector {

    private final JdbcTemplate jdbc;

    TopologyProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void declare(Handlers on) {
        on.on(ServerOnline.class, s -> server(s.cluster(), s.server(), "ONLINE", s.role(), s.hostgroup(), null, s.observedAt()))
                .summary(s -> info("ServerOnline " + s.server() + " (" + s.role() + ")"));
        on.on(ServerShunned.class, s -> server(s.cluster(), s.server(), s.status(), null, s.hostgroup(), s.reason(), s.observedAt()))
                .summary(s -> critical("ServerShunned " + s.server() + " " + s.status()));
        on.on(ReplicationStopped.class, r -> detail(r.cluster(), r.replica(), "replication stopped (IO " + r.ioRunning()
                        + ", SQL " + r.sqlRunning() + ")" + (r.lastError() == null ? "" : ": " + r.lastError())))
                .summary(r -> warning("ReplicationStopped " + r.replica()));
        on.on(ReplicationLagHigh.class, l -> detail(l.cluster(), l.replica(), "replication lag " + l.lagSeconds() + " s"));
        on.on(WriterLost.class, w -> cluster(w.cluster(), null, "LOST", false, w.observedAt()))
                .summary(w -> critical("WriterLost " + w.cluster() + " (" + w.lastWriter() + "): " + w.reason()));
        on.on(WriterRestored.class, w -> cluster(w.cluster(), w.writer(), "PRESENT", w.probeVerified(), w.observedAt()))
                .summary(w -> info("WriterRestored " + w.cluster() + " → " + w.writer()
                        + (w.probeVerified() ? " (write probe verified)" : "")));
        on.on(FailoverDetected.class, this::failover)
                .summary(f -> warning("FailoverDetected " + f.oldWriter() + " → " + f.newWriter()));
    }

    @Override
    public List<String> tables() {
        return List.of("proj_server", "proj_cluster");
    }

    private void failover(FailoverDetected f) {
        cluster(f.cluster(), f.newWriter(), "PRESENT", false, f.observedAt());
        jdbc.update("UPDATE proj_cluster SET last_failover_at = ?, last_failover = ? WHERE cluster = ?",
                ts(f.observedAt()), f.oldWriter() + " → " + f.newWriter(), f.cluster());
    }

    private void detail(String cluster, String server, String detail) {
        jdbc.update("UPDATE proj_server SET detail = ? WHERE cluster = ? AND server = ?", detail, cluster, server);
    }

    private void server(String cluster, String server, String status, String role, Integer hostgroup, String detail,
            Instant at) {
        jdbc.update("""
                INSERT INTO proj_server (cluster, server, status, role, hostgroup, detail, observed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE status = VALUES(status), role = COALESCE(VALUES(role), role),
                    hostgroup = COALESCE(VALUES(hostgroup), hostgroup), detail = VALUES(detail), observed_at = VALUES(observed_at)""",
                cluster, server, status, role, hostgroup, detail, ts(at));
    }

    private void cluster(String cluster, String writer, String state, boolean verified, Instant at) {
        jdbc.update("""
                INSERT INTO proj_cluster (cluster, writer, writer_state, writer_verified, updated_at) VALUES (?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE writer = VALUES(writer), writer_state = VALUES(writer_state),
                    writer_verified = VALUES(writer_verified), updated_at = VALUES(updated_at)""",
                cluster, writer, state, verified, ts(at));
    }
}
