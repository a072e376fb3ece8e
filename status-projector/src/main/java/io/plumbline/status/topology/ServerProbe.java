package io.plumbline.status.topology;

import io.plumbline.status.topology.ServerObservation.Replication;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Properties;
import java.util.UUID;

/**
 * Probes one server over a fresh connection (no pool: a pooled connection would hide a dead server), with short
 * connect and socket timeouts. Works on MariaDB ({@code SHOW REPLICA STATUS} / {@code SHOW SLAVE STATUS},
 * {@code @@gtid_current_pos}) and MySQL 8 ({@code SHOW REPLICA STATUS}, {@code @@gtid_executed}).
 */
class ServerProbe {

    private final TopologyProperties.Probe settings;
    private final Clock clock;

    ServerProbe(TopologyProperties.Probe settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    ServerObservation observe(TopologyProperties.Server server) {
        Properties props = JdbcLogin.of(settings.username(), settings.password(), settings.connectTimeout(),
                settings.queryTimeout());
        props.setProperty("tcpKeepAlive", "true");
        DriverManager.setLoginTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        try (Connection c = DriverManager.getConnection(server.url(), props)) {
            boolean readOnly = queryBoolean(c, "SELECT @@read_only");
            Replication replication = replication(c);
            String gtid = gtid(c);
            boolean writeOk = false;
            String error = null;
            if (!readOnly) {
                try {
                    writeProbe(c);
                    writeOk = true;
                } catch (SQLException e) {
                    error = "write probe failed: " + e.getMessage();
                }
            }
            return new ServerObservation(server.name(), true, readOnly, replication, gtid, writeOk, error, clock.instant());
        } catch (SQLException e) {
            return ServerObservation.unreachable(server.name(), e.getMessage(), clock.instant());
        }
    }

    private static boolean queryBoolean(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1) != 0;
        }
    }

    private static Replication replication(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = replicaStatus(s)) {
            if (!rs.next()) {
                return null;
            }
            boolean io = "Yes".equalsIgnoreCase(column(rs, "Replica_IO_Running", "Slave_IO_Running"));
            boolean sql = "Yes".equalsIgnoreCase(column(rs, "Replica_SQL_Running", "Slave_SQL_Running"));
            String lag = column(rs, "Seconds_Behind_Source", "Seconds_Behind_Master");
            String lastError = firstNonBlank(column(rs, "Last_IO_Error", null), column(rs, "Last_SQL_Error", null));
            return new Replication(io, sql, lag == null ? null : Long.valueOf(lag), lastError);
        }
    }

    private static ResultSet replicaStatus(Statement s) throws SQLException {
        try {
            return s.executeQuery("SHOW REPLICA STATUS");
        } catch (SQLException e) {
            return s.executeQuery("SHOW SLAVE STATUS"); // MariaDB before 10.5.1, MySQL before 8.0.22
        }
    }

    private static String gtid(Connection c) {
        for (String variable : new String[] {"@@gtid_current_pos", "@@gtid_executed"}) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + variable)) {
                rs.next();
                return rs.getString(1);
            } catch (SQLException e) {
                // the other flavour's variable
            }
        }
        return null;
    }

    private static void writeProbe(Connection c) throws SQLException {
        String id = "probe-" + UUID.randomUUID();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO write_probe (id, written_at) VALUES (?, NOW(6))");
                PreparedStatement delete = c.prepareStatement("DELETE FROM write_probe WHERE id = ?")) {
            insert.setString(1, id);
            insert.executeUpdate();
            delete.setString(1, id);
            delete.executeUpdate();
        }
    }

    private static String column(ResultSet rs, String name, String fallback) throws SQLException {
        try {
            return rs.getString(name);
        } catch (SQLException e) {
            if (fallback == null) {
                return null;
            }
            try {
                return rs.getString(fallback);
            } catch (SQLException e2) {
                return null;
            }
        }
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b == null || b.isBlank() ? null : b;
    }
}
