package io.plumbline.localstack.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.plumbline.events.Topics;
import io.plumbline.localstack.infra.Credentials;
import io.plumbline.localstack.infra.Database;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.Flavour;
import io.plumbline.localstack.infra.Infrastructure;
import io.plumbline.localstack.infra.Secrets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Kafka and a MySQL 8 primary/replica pair with GTID replication under Testcontainers (GitHub Actions).
 * "Stopping" a server pauses its container: clients see the same hung connections a dead host gives, and the
 * mapped ports survive for the restart.
 */
final class ContainerInfrastructure implements Infrastructure {

    private static final String MYSQL_IMAGE = "mysql:8.4";
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private final Network network = Network.newNetwork();
    private final KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE).withNetwork(network);
    private final MySQLContainer<?> primary = mysql("mysql-m", 1);
    private final MySQLContainer<?> replica = mysql("mysql-s", 2).withCommand(
            "--server-id=2", "--log-bin=mysql-bin", "--gtid-mode=ON", "--enforce-gtid-consistency=ON",
            "--binlog-format=ROW", "--binlog-row-image=FULL", "--read-only=ON", "--super-read-only=ON");
    private final Secrets secrets = Secrets.ephemeral();
    private final Map<DbAccount, Credentials> credentials = secrets.databaseAccounts();

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static ContainerInfrastructure start() {
        ContainerInfrastructure infra = new ContainerInfrastructure();
        infra.kafka.start();
        infra.primary.start();
        infra.replica.start();
        infra.bootstrap();
        return infra;
    }

    private MySQLContainer<?> mysql(String alias, int serverId) {
        return new MySQLContainer<>(MYSQL_IMAGE)
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withUsername("plumbline_bootstrap")
                .withPassword(Secrets.random(20))
                .withCommand("--server-id=" + serverId, "--log-bin=mysql-bin", "--gtid-mode=ON",
                        "--enforce-gtid-consistency=ON", "--binlog-format=ROW", "--binlog-row-image=FULL");
    }

    private void bootstrap() {
        try (Connection c = DriverManager.getConnection(primary.getJdbcUrl(), "root", primary.getPassword());
                Statement s = c.createStatement()) {
            for (String schema : DbAccount.SCHEMAS) {
                s.execute("CREATE DATABASE IF NOT EXISTS `" + schema + "` CHARACTER SET utf8mb4");
            }
            for (DbAccount account : DbAccount.values()) {
                Credentials cr = credentials.get(account);
                s.execute("CREATE USER IF NOT EXISTS '" + cr.username() + "'@'%' IDENTIFIED WITH caching_sha2_password BY '"
                        + cr.password() + "'");
                s.execute(account.revokeAll());
                for (String grant : account.grants(Flavour.MYSQL)) {
                    s.execute(grant);
                }
            }
            s.execute("CREATE TABLE IF NOT EXISTS plumbline_probe.write_probe (id VARCHAR(64) PRIMARY KEY, written_at TIMESTAMP(6) NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot bootstrap the MySQL primary: " + e.getMessage(), e);
        }
        Credentials repl = credentials.get(DbAccount.REPLICATOR);
        try (Connection c = DriverManager.getConnection(replica.getJdbcUrl(), "root", replica.getPassword());
                Statement s = c.createStatement()) {
            s.execute("CHANGE REPLICATION SOURCE TO SOURCE_HOST='mysql-m', SOURCE_PORT=3306, SOURCE_USER='"
                    + repl.username() + "', SOURCE_PASSWORD='" + repl.password() + "', SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1");
            s.execute("START REPLICA");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start replication on the MySQL replica: " + e.getMessage(), e);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers()))) {
            admin.createTopics(Topics.allWithDeadLetters().stream()
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.config())).toList()).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics", e);
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers().replace("localhost", "127.0.0.1");
    }

    @Override
    public Database primary() {
        return new Database("mysql-m", "127.0.0.1", primary.getMappedPort(3306), Flavour.MYSQL);
    }

    @Override
    public Database replica() {
        return new Database("mysql-s", "127.0.0.1", replica.getMappedPort(3306), Flavour.MYSQL);
    }

    @Override
    public Credentials credentials(DbAccount account) {
        return credentials.get(account);
    }

    @Override
    public String secret(String name) {
        return secrets.get(name);
    }

    @Override
    public void stopBroker() {
        DockerClientFactory.instance().client().pauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void startBroker() {
        DockerClientFactory.instance().client().unpauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void stopPrimary() {
        DockerClientFactory.instance().client().pauseContainerCmd(primary.getContainerId()).exec();
    }

    @Override
    public void startPrimary() {
        DockerClientFactory.instance().client().unpauseContainerCmd(primary.getContainerId()).exec();
    }

    @Override
    public void hangPrimary() {
        stopPrimary(); // a paused container accepts connections and answers nothing: already a hang
    }

    @Override
    public void resumePrimary() {
        startPrimary();
    }

    @Override
    public void close() {
        replica.stop();
        primary.stop();
        kafka.stop();
        network.close();
    }
}
