package io.plumbline.status.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.events.EventPayload;
import io.plumbline.events.topology.FailoverDetected;
import io.plumbline.events.topology.ServerOnline;
import io.plumbline.events.topology.ServerShunned;
import io.plumbline.events.topology.WriterLost;
import io.plumbline.events.topology.WriterRestored;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.MariaDbServer;
import io.plumbline.localstack.testing.PlumblineStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ProxySQL reader against a MariaDB schema serving ProxySQL 2.x's documented admin tables (ProxySQL itself cannot
 * run here): the test plays ProxySQL's monitor and hostgroup manager by writing the rows ProxySQL would show.
 */
@ExtendWith(PlumblineStack.class)
class ProxySqlReaderTest {

    private static final String SCHEMA = "proxysql_admin";
    private static final String USER = "proxysql_ro";
    private static final String PASSWORD = "admin-ro-" + Long.toHexString(System.nanoTime());

    private final Instant now = Instant.parse("2026-11-25T01:00:00Z");
    private MariaDbServer db;
    private ProxySqlReader reader;
    private final ProxySqlRules rules = new ProxySqlRules("plumbline-db", 10, 2);
    private long clockUs = 1_700_000_000_000_000L;

    @BeforeEach
    void proxySqlAdminSchema() throws IOException {
        db = PlumblineStack.embedded().databases().primary();
        String ddl;
        try (var in = getClass().getResourceAsStream("/proxysql/admin-schema.sql")) {
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // test scaffolding only: kept out of the binlog, so the replica never sees it
        db.runAsRoot("SET sql_log_bin = 0; DROP DATABASE IF EXISTS " + SCHEMA + "; CREATE DATABASE " + SCHEMA + "; USE " + SCHEMA
                + ";\n" + ddl + "\nCREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "';"
                + "ALTER USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "';"
                + "GRANT SELECT ON " + SCHEMA + ".* TO '" + USER + "'@'%';");
        reader = new ProxySqlReader(new TopologyProperties.ProxySql(db.database().jdbcUrl(SCHEMA), USER, PASSWORD, 10, 20,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(4), 2, noWriteProbe()), Clock.fixed(now, ZoneOffset.UTC));
        proxySql("""
                INSERT INTO runtime_mysql_servers (hostgroup_id, hostname, port, status, weight, comment) VALUES
                    (10, 'mysql-m', 3306, 'ONLINE', 1000, 'writer'), (20, 'mysql-s', 3306, 'ONLINE', 1000, 'reader');
                INSERT INTO stats_mysql_connection_pool VALUES
                    (10, 'mysql-m', 3306, 'ONLINE', 2, 8, 10, 0, 4, 1200, 0, 50000, 90000, 310),
                    (20, 'mysql-s', 3306, 'ONLINE', 1, 9, 10, 0, 3, 800, 0, 30000, 60000, 280);""");
        monitor("mysql-m", null, 0);
        monitor("mysql-s", null, 1);
    }

    private static TopologyProperties.WriteProbe noWriteProbe() {
        return new TopologyProperties.WriteProbe(null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(4));
    }

    /** A write probe with the primary of the test stack as the writer endpoint (ProxySQL's port 6033 in production). */
    private ProxySqlWriteProbe writeProbeOnThePrimary(String username, String password) {
        return new ProxySqlWriteProbe(new TopologyProperties.WriteProbe(db.database().jdbcUrl("plumbline_probe"), username,
                password, Duration.ofSeconds(1), Duration.ofSeconds(4)), null, null);
    }

    /** The primary dies, ProxySQL shuns it, then moves the promoted replica into the writer hostgroup. */
    private void failOverTo(ProxySqlRules rules) throws Exception {
        assertThat(rules.observe(reader.read(), now)).as("baseline").hasSize(2);
        monitor("mysql-m", "Can't connect to MySQL server on 'mysql-m' (111)", 0);
        proxySql("UPDATE stats_mysql_connection_pool SET status = 'SHUNNED' WHERE srv_host = 'mysql-m';");
        rules.observe(reader.read(), now);
        assertThat(rules.observe(reader.read(), now)).singleElement().isInstanceOf(WriterLost.class);
        monitor("mysql-s", null, 0);
        proxySql("DELETE FROM runtime_mysql_servers WHERE hostgroup_id = 10 AND hostname = 'mysql-m';"
                + "DELETE FROM stats_mysql_connection_pool WHERE hostgroup = 10 AND srv_host = 'mysql-m';"
                + "INSERT INTO runtime_mysql_servers (hostgroup_id, hostname, port, status, weight) VALUES (10, 'mysql-s', 3306, 'ONLINE', 1000);"
                + "INSERT INTO stats_mysql_connection_pool VALUES (10, 'mysql-s', 3306, 'ONLINE', 0, 0, 0, 0, 0, 0, 0, 0, 0, 300);");
    }

    private int probeRowsLeft() throws Exception {
        try (var c = db.connect("plumbline_probe", PlumblineStack.get().credentials(DbAccount.PROBE));
                var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM write_probe WHERE id LIKE 'proxysql-%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aRestoredWriterIsReportedVerifiedOnlyOnceAWriteThroughItSucceeds() throws Exception {
        // an account that may read the probe table but not write it yet: the writer ProxySQL shows refuses the write
        String user = "proxysql_wp_" + Long.toHexString(System.nanoTime());
        db.runAsRoot("SET sql_log_bin = 0; CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + PASSWORD + "';"
                + "GRANT SELECT ON plumbline_probe.* TO '" + user + "'@'%';");
        ProxySqlRules verified = new ProxySqlRules("plumbline-db", 10, 2, writeProbeOnThePrimary(user, PASSWORD));
        failOverTo(verified);

        assertThat(verified.observe(reader.read(), now)).as("ProxySQL shows mysql-s as writer, the write fails").containsExactly(
                new ServerOnline("plumbline-db", "mysql-s", 10, "WRITER", now),
                new ServerShunned("plumbline-db", "mysql-m", 10, "OFFLINE_HARD", "no longer in hostgroup 10 (runtime_mysql_servers)", now));
        assertThat(verified.writeProbeFailure()).contains("INSERT command denied");
        assertThat(verified.observe(reader.read(), now)).as("retried, still failing").isEmpty();

        db.runAsRoot("SET sql_log_bin = 0; GRANT INSERT, DELETE ON plumbline_probe.* TO '" + user + "'@'%';");
        assertThat(verified.observe(reader.read(), now)).containsExactly(
                new WriterRestored("plumbline-db", "mysql-s", true, now),
                new FailoverDetected("plumbline-db", "mysql-m", "mysql-s", now));
        assertThat(verified.writeProbeFailure()).isNull();
        assertThat(verified.observe(reader.read(), now)).as("reported once").isEmpty();
        assertThat(probeRowsLeft()).as("the probe row is read back and deleted").isZero();
        db.runAsRoot("SET sql_log_bin = 0; DROP USER '" + user + "'@'%';");
    }

    @Test
    void theProbeAccountWritesAndReadsBackThroughTheWriterEndpoint() throws Exception {
        var probe = PlumblineStack.get().credentials(DbAccount.PROBE);
        assertThat(writeProbeOnThePrimary(probe.username(), probe.password()).failure()).isNull();
        assertThat(probeRowsLeft()).isZero();
    }

    @Test
    void anUnreachableWriterEndpointKeepsTheWriterLost() throws Exception {
        ProxySqlRules verified = new ProxySqlRules("plumbline-db", 10, 2, new ProxySqlWriteProbe(
                new TopologyProperties.WriteProbe("jdbc:mysql://127.0.0.1:1/plumbline_probe", "probe", "x",
                        Duration.ofMillis(300), Duration.ofSeconds(1)), null, null));
        failOverTo(verified);
        for (int round = 0; round < 3; round++) {
            assertThat(verified.observe(reader.read(), now)).noneMatch(f -> f instanceof WriterRestored || f instanceof FailoverDetected);
        }
        assertThat(verified.writeProbeFailure()).startsWith("write probe failed");
    }

    /** Runs SQL on the fake admin schema, as ProxySQL would change its own tables. */
    private void proxySql(String sql) {
        db.runAsRoot("SET sql_log_bin = 0; USE " + SCHEMA + ";\n" + sql);
    }

    /** One round of ProxySQL's monitor for a server: a ping and a read_only check (an error fails both). */
    private void monitor(String host, String error, int readOnly) {
        clockUs += 1_000_000;
        String e = error == null ? "NULL" : "'" + error.replace("'", "''") + "'";
        proxySql("INSERT INTO mysql_server_ping_log VALUES ('" + host + "', 3306, " + clockUs + ", " + (error == null ? 350 : 0) + ", " + e + ");"
                + "INSERT INTO mysql_server_read_only_log VALUES ('" + host + "', 3306, " + clockUs + ", " + (error == null ? 400 : 0)
                + ", " + (error == null ? readOnly : "NULL") + ", " + e + ");");
    }

    private List<EventPayload> round() throws Exception {
        return rules.observe(reader.read(), now);
    }

    @Test
    void readsServersWithTheirLiveStatusAndLatestMonitorChecks() throws Exception {
        monitor("mysql-s", "Can't connect to MySQL server on 'mysql-s' (115)", 1);
        proxySql("UPDATE stats_mysql_connection_pool SET status = 'SHUNNED' WHERE srv_host = 'mysql-s';");

        ProxySqlSnapshot snapshot = reader.read();

        assertThat(snapshot.at()).isEqualTo(now);
        assertThat(snapshot.backends()).containsExactly(
                new ProxySqlSnapshot.Backend(10, "mysql-m", "ONLINE", false, null),
                new ProxySqlSnapshot.Backend(20, "mysql-s", "SHUNNED", null, "ping: Can't connect to MySQL server on 'mysql-s' (115)"));
    }

    @Test
    void emitsTheDirectProbesFactsThroughAShunAndAFailover() throws Exception {
        assertThat(round()).as("baseline").containsExactly(
                new ServerOnline("plumbline-db", "mysql-m", 10, "WRITER", now),
                new ServerOnline("plumbline-db", "mysql-s", 20, "READER", now));
        assertThat(round()).as("nothing changed").isEmpty();

        // the primary dies: ProxySQL's monitor fails to ping it and shuns it in the writer hostgroup
        monitor("mysql-m", "Can't connect to MySQL server on 'mysql-m' (111)", 0);
        proxySql("UPDATE runtime_mysql_servers SET status = 'SHUNNED' WHERE hostname = 'mysql-m';"
                + "UPDATE stats_mysql_connection_pool SET status = 'SHUNNED', ConnERR = 5 WHERE srv_host = 'mysql-m';");
        assertThat(round()).containsExactly(new ServerShunned("plumbline-db", "mysql-m", 10, "SHUNNED",
                "ping: Can't connect to MySQL server on 'mysql-m' (111)", now));
        List<EventPayload> lost = round();
        assertThat(lost).singleElement().isInstanceOfSatisfying(WriterLost.class, l -> {
            assertThat(l.lastWriter()).isEqualTo("mysql-m");
            assertThat(l.reason()).contains("mysql-m SHUNNED").contains("(111)");
        });
        assertThat(round()).as("reported once").isEmpty();

        // the replica is promoted (read_only=0): ProxySQL moves it into the writer hostgroup and drops the old writer
        monitor("mysql-s", null, 0);
        proxySql("DELETE FROM runtime_mysql_servers WHERE hostgroup_id = 10 AND hostname = 'mysql-m';"
                + "DELETE FROM stats_mysql_connection_pool WHERE hostgroup = 10 AND srv_host = 'mysql-m';"
                + "INSERT INTO runtime_mysql_servers (hostgroup_id, hostname, port, status, weight) VALUES (10, 'mysql-s', 3306, 'ONLINE', 1000);"
                + "INSERT INTO stats_mysql_connection_pool VALUES (10, 'mysql-s', 3306, 'ONLINE', 0, 0, 0, 0, 0, 0, 0, 0, 0, 300);");
        assertThat(round()).containsExactly(
                new ServerOnline("plumbline-db", "mysql-s", 10, "WRITER", now),
                new ServerShunned("plumbline-db", "mysql-m", 10, "OFFLINE_HARD", "no longer in hostgroup 10 (runtime_mysql_servers)", now),
                new WriterRestored("plumbline-db", "mysql-s", false, now),
                new FailoverDetected("plumbline-db", "mysql-m", "mysql-s", now));
    }

    @Test
    void aReadOnlyServerInTheWriterHostgroupIsNoWriter() throws Exception {
        round();
        monitor("mysql-m", null, 1);
        assertThat(round()).isEmpty();
        assertThat(round()).singleElement().isInstanceOfSatisfying(WriterLost.class,
                l -> assertThat(l.reason()).contains("mysql-m ONLINE read_only"));
    }

    @Test
    void anUnreachableAdminInterfaceIsAnErrorNotAFact() {
        ProxySqlReader nowhere = new ProxySqlReader(new TopologyProperties.ProxySql("jdbc:mysql://127.0.0.1:1/main", USER, PASSWORD,
                10, 20, Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(1), 2, noWriteProbe()), Clock.systemUTC());
        assertThatThrownBy(nowhere::read).isInstanceOf(java.sql.SQLException.class);
    }
}
