package io.plumbline.localstack.infra;

/** A MySQL-compatible server reachable over TCP. */
public record Database(String name, String host, int port, Flavour flavour) {

    public String jdbcUrl(String schema) {
        return flavour.jdbcUrl(host, port, schema);
    }
}
