package io.plumbline.localstack.infra;

import java.util.List;

/**
 * The least-privilege database accounts (W4). Nothing in Plumbline connects as root; schemas are changed by
 * {@link #MIGRATOR} (Flyway) only. {@code docs/security.md} lists the same table.
 */
public enum DbAccount {
    /** Flyway migrations of every service schema: only the migration step ({@code <service>.jar migrate}) holds it. */
    MIGRATOR("migrator"),
    /** booking-api's writes. */
    BOOKING_APP("booking_app"),
    /** booking-api's look-ups on the replica. */
    BOOKING_RO("booking_ro"),
    /** booking-api's Debezium engine, reading the primary's binlog. */
    BOOKING_CDC("booking_cdc"),
    /** status-projector's projections. */
    STATUS_APP("status_app"),
    /** alert-router's delivery state. */
    ALERTING_APP("alerting_app"),
    /** backup-worker's consistent dump. */
    BACKUP("backup"),
    /** status-projector's topology probe: replication status plus a write probe table. */
    PROBE("probe"),
    /** The replica's replication connection. */
    REPLICATOR("replicator"),
    /** mysqld-exporter. */
    EXPORTER("exporter");

    /** Every application schema. */
    public static final List<String> SCHEMAS = List.of("booking", "alerting", "status", "plumbline_probe");

    /** The schemas services migrate with Flyway ({@code plumbline_probe}'s one table is made with the accounts). */
    public static final List<String> MIGRATED_SCHEMAS = List.of("booking", "alerting", "status");

    /** Where backup-worker restores a backup to verify it (a scratch schema; a separate scratch server is better). */
    public static final String BACKUP_VERIFY_SCHEMA = "backup_verify";

    private final String username;

    DbAccount(String username) {
        this.username = username;
    }

    public String username() {
        return username;
    }

    /**
     * GRANT statements for this account on the given flavour (the account itself is created separately, and its earlier
     * grants revoked first, so a data directory of an older start converges to this table). {@code docs/security.md}
     * has the same table, and {@code DatabaseGrantsTest} compares it with what {@code SHOW GRANTS} says.
     */
    public List<String> grants(Flavour flavour) {
        String u = "'" + username + "'@'%'";
        boolean maria = flavour == Flavour.MARIADB;
        // MariaDB splits MySQL's REPLICATION CLIENT into BINLOG MONITOR (SHOW MASTER STATUS / BINARY LOGS) and
        // SLAVE MONITOR (SHOW SLAVE STATUS); each account gets only the half it uses
        String binlogMonitor = maria ? "BINLOG MONITOR" : "REPLICATION CLIENT";
        String replicaMonitor = maria ? "SLAVE MONITOR" : "REPLICATION CLIENT";
        return switch (this) {
            case MIGRATOR -> MIGRATED_SCHEMAS.stream()
                    .map(s -> "GRANT ALL PRIVILEGES ON `" + s + "`.* TO " + u).toList();
            case BOOKING_APP -> List.of("GRANT SELECT, INSERT, UPDATE, DELETE ON `booking`.* TO " + u);
            case BOOKING_RO -> List.of("GRANT SELECT ON `booking`.* TO " + u);
            // Debezium reads the binlog (REPLICATION SLAVE) and its position (SHOW MASTER STATUS); the snapshot it takes
            // when it has no offsets reads the outbox with snapshot.locking.mode=none, so no RELOAD (FLUSH TABLES WITH
            // READ LOCK), LOCK TABLES or SHOW DATABASES. SELECT is on the schema, not the table: the grant is made
            // before Flyway creates the table, and REPLICATION SLAVE streams every row change of the schema anyway
            case BOOKING_CDC -> List.of("GRANT REPLICATION SLAVE, " + binlogMonitor + " ON *.* TO " + u,
                    "GRANT SELECT ON `booking`.* TO " + u);
            case STATUS_APP -> List.of("GRANT SELECT, INSERT, UPDATE, DELETE ON `status`.* TO " + u);
            case ALERTING_APP -> List.of("GRANT SELECT, INSERT, UPDATE, DELETE ON `alerting`.* TO " + u);
            // mariadb-dump --single-transaction --master-data=2 --gtid --routines --triggers --events booking: MariaDB
            // takes the binlog position of the consistent snapshot without a global lock; MySQL's mysqldump
            // --source-data still runs FLUSH TABLES WITH READ LOCK (RELOAD) for it
            case BACKUP -> List.of(
                    "GRANT " + (maria ? "" : "RELOAD, ") + binlogMonitor + " ON *.* TO " + u,
                    "GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON `booking`.* TO " + u,
                    // restore-to-verify: everything, but only on the scratch schema
                    "GRANT ALL PRIVILEGES ON `" + BACKUP_VERIFY_SCHEMA + "`.* TO " + u);
            case PROBE -> List.of(
                    "GRANT " + replicaMonitor + " ON *.* TO " + u,
                    "GRANT SELECT, INSERT, DELETE ON `plumbline_probe`.* TO " + u);
            case REPLICATOR -> List.of("GRANT REPLICATION SLAVE ON *.* TO " + u);
            case EXPORTER -> List.of("GRANT PROCESS, " + (maria ? "SLAVE MONITOR, BINLOG MONITOR" : "REPLICATION CLIENT")
                    + " ON *.* TO " + u, "GRANT SELECT ON `performance_schema`.* TO " + u);
        };
    }

    /** Revokes whatever the account holds, before {@link #grants} (an account created by an older start may hold more). */
    public String revokeAll() {
        return "REVOKE ALL PRIVILEGES, GRANT OPTION FROM '" + username + "'@'%'";
    }
}
