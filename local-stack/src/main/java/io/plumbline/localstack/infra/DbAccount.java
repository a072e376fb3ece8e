package io.plumbline.localstack.infra;

import java.util.List;

/**
 * The least-privilege database accounts (W4). Nothing in Plumbline connects as root; schemas are changed by
 * {@link #MIGRATOR} (Flyway) only. {@code docs/security.md} lists the same table.
 */
public enum DbAccount {
    /** Flyway migrations of every service schema. */
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

    /** Where backup-worker restores a backup to verify it (a scratch schema; a separate scratch server is better). */
    public static final String BACKUP_VERIFY_SCHEMA = "backup_verify";

    private final String username;

    DbAccount(String username) {
        this.username = username;
    }

    public String username() {
        return username;
    }

    /** GRANT statements for this account on the given flavour (the account itself is created separately). */
    public List<String> grants(Flavour flavour) {
        String u = "'" + username + "'@'%'";
        boolean maria = flavour == Flavour.MARIADB;
        return switch (this) {
            case MIGRATOR -> SCHEMAS.stream()
                    .map(s -> "GRANT ALL PRIVILEGES ON `" + s + "`.* TO " + u).toList();
            case BOOKING_APP -> List.of("GRANT SELECT, INSERT, UPDATE, DELETE ON `booking`.* TO " + u);
            case BOOKING_RO -> List.of("GRANT SELECT ON `booking`.* TO " + u);
            case BOOKING_CDC -> List.of("GRANT SELECT, RELOAD, SHOW DATABASES, LOCK TABLES, REPLICATION SLAVE, "
                    + (maria ? "BINLOG MONITOR" : "REPLICATION CLIENT") + " ON *.* TO " + u);
            case STATUS_APP -> List.of("GRANT SELECT, INSERT, UPDATE, DELETE ON `status`.* TO " + u);
            case ALERTING_APP -> List.of("GRANT SELECT, INSERT, UPDATE, DELETE ON `alerting`.* TO " + u);
            case BACKUP -> List.of("GRANT SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT, RELOAD, "
                    + (maria ? "BINLOG MONITOR" : "REPLICATION CLIENT") + " ON *.* TO " + u,
                    // restore-to-verify: everything, but only on the scratch schema
                    "GRANT ALL PRIVILEGES ON `" + BACKUP_VERIFY_SCHEMA + "`.* TO " + u);
            case PROBE -> List.of(
                    "GRANT " + (maria ? "SLAVE MONITOR, BINLOG MONITOR" : "REPLICATION CLIENT") + " ON *.* TO " + u,
                    "GRANT SELECT, INSERT, DELETE ON `plumbline_probe`.* TO " + u);
            case REPLICATOR -> List.of("GRANT REPLICATION SLAVE ON *.* TO " + u);
            case EXPORTER -> List.of("GRANT PROCESS, " + (maria ? "SLAVE MONITOR, BINLOG MONITOR" : "REPLICATION CLIENT")
                    + " ON *.* TO " + u, "GRANT SELECT ON `performance_schema`.* TO " + u);
        };
    }
}
