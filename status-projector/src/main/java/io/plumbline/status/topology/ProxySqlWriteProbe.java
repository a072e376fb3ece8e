package io.plumbline.status.topology;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;

/**
 * Verifies the writer ProxySQL routes to by writing through ProxySQL's MySQL interface, as booking-api's writes go: a
 * committed {@code INSERT} into {@code write_probe}, then, in one transaction, a {@code SELECT … FOR UPDATE} that must
 * find the row and a {@code DELETE} of it. The read-back is a locking read inside a transaction because ProxySQL's
 * usual query rules send a plain {@code SELECT} to the reader hostgroup, where a lagging replica would not have the
 * row yet; a transaction stays on the hostgroup of its first statement ({@code transaction_persistent}). A fresh
 * connection per probe with bounded connect and socket timeouts: ProxySQL holds a query for ~10 s when it has no
 * writer, and a pooled connection could hide a dead backend.
 */
class ProxySqlWriteProbe implements ProxySqlRules.WriteProbe {

    private final String url;
    private final Properties login;
    private final int loginTimeoutSeconds;

    ProxySqlWriteProbe(TopologyProperties.WriteProbe settings, String defaultUsername, String defaultPassword) {
        this.url = settings.url();
        this.login = JdbcLogin.of(settings.username() != null ? settings.username() : defaultUsername,
                settings.password() != null ? settings.password() : defaultPassword,
                settings.connectTimeout(), settings.queryTimeout());
        this.loginTimeoutSeconds = (int) Math.max(1, settings.connectTimeout().toSeconds());
    }

    @Override
    public String failure() {
        String id = "proxysql-" + UUID.randomUUID();
        DriverManager.setLoginTimeout(loginTimeoutSeconds);
        try (Connection c = DriverManager.getConnection(url, login)) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO write_probe (id, written_at) VALUES (?, NOW(6))")) {
                insert.setString(1, id);
                insert.executeUpdate();
            }
            c.setAutoCommit(false);
            try (PreparedStatement read = c.prepareStatement("SELECT id FROM write_probe WHERE id = ? FOR UPDATE");
                    PreparedStatement delete = c.prepareStatement("DELETE FROM write_probe WHERE id = ?")) {
                read.setString(1, id);
                try (ResultSet rs = read.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return "write probe: the row written was not read back";
                    }
                }
                delete.setString(1, id);
                delete.executeUpdate();
                c.commit();
            }
            return null;
        } catch (SQLException e) {
            return "write probe failed: " + e.getMessage();
        }
    }
}
