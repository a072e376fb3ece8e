package io.plumbline.status.topology;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads ProxySQL's admin interface over the MySQL protocol, one fresh connection per read: {@code runtime_mysql_servers}
 * (the servers and their configured status), {@code stats_mysql_connection_pool} (the live status: a server ProxySQL
 * shunned shows SHUNNED here), and the monitor's {@code mysql_server_ping_log} and {@code mysql_server_read_only_log}
 * (the latest check per server). Table and column names are ProxySQL 2.x's; they are queried unqualified, which the
 * admin interface resolves across its {@code main}, {@code stats} and {@code monitor} schemas.
 */
class ProxySqlReader {

    private final TopologyProperties.ProxySql settings;
    private final Clock clock;

    ProxySqlReader(TopologyProperties.ProxySql settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** @throws SQLException when the admin interface cannot be reached or does not have the expected tables */
    ProxySqlSnapshot read() throws SQLException {
        Properties props = JdbcLogin.of(settings.username(), settings.password(), settings.connectTimeout(),
                settings.queryTimeout());
        try (Connection c = DriverManager.getConnection(settings.url(), props); Statement s = c.createStatement()) {
            Map<String, String> live = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT hostgroup, srv_host, srv_port, status FROM stats_mysql_connection_pool")) {
                while (rs.next()) {
                    live.put(rs.getInt(1) + "/" + server(rs.getString(2), rs.getInt(3)), rs.getString(4));
                }
            }
            Map<String, String> pingError = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT hostname, port, ping_error FROM mysql_server_ping_log "
                    + "ORDER BY time_start_us DESC LIMIT 1000")) {
                while (rs.next()) {
                    pingError.putIfAbsent(server(rs.getString(1), rs.getInt(2)), blankToNull(rs.getString(3)));
                }
            }
            Map<String, Boolean> readOnly = new HashMap<>();
            Map<String, String> readOnlyError = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT hostname, port, read_only, error FROM mysql_server_read_only_log "
                    + "ORDER BY time_start_us DESC LIMIT 1000")) {
                while (rs.next()) {
                    String server = server(rs.getString(1), rs.getInt(2));
                    if (!readOnlyError.containsKey(server)) {
                        String error = blankToNull(rs.getString(4));
                        int value = rs.getInt(3);
                        readOnly.put(server, error != null || rs.wasNull() ? null : value != 0);
                        readOnlyError.put(server, error);
                    }
                }
            }
            Map<String, ProxySqlSnapshot.Backend> backends = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT hostgroup_id, hostname, port, status FROM runtime_mysql_servers "
                    + "ORDER BY hostgroup_id, hostname, port")) {
                while (rs.next()) {
                    int hostgroup = rs.getInt(1);
                    String server = server(rs.getString(2), rs.getInt(3));
                    String status = live.getOrDefault(hostgroup + "/" + server, rs.getString(4));
                    String error = pingError.get(server) != null ? "ping: " + pingError.get(server)
                            : readOnlyError.get(server) != null ? "read_only check: " + readOnlyError.get(server) : null;
                    backends.put(hostgroup + "/" + server, new ProxySqlSnapshot.Backend(hostgroup, server,
                            status == null ? "ONLINE" : status.toUpperCase(java.util.Locale.ROOT), readOnly.get(server), error));
                }
            }
            return new ProxySqlSnapshot(new ArrayList<>(backends.values()), clock.instant());
        }
    }

    static String server(String hostname, int port) {
        return port == 3306 || port == 0 ? hostname : hostname + ":" + port;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
