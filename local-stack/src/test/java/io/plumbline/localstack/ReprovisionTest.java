package io.plumbline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plumbline.localstack.infra.Credentials;
import io.plumbline.localstack.infra.DatabaseCluster;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.MariaDbServer;
import io.plumbline.localstack.infra.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The failover an operator must repair by hand: the primary wrote a transaction the replica never received (an
 * errant transaction), died, the replica was promoted and took writes. The old primary cannot continue from its own
 * position (error 1236); {@link MariaDbServer#copyFrom} re-clones it from the new primary, after which it replicates
 * and holds exactly the new primary's data. Its own two-server cluster: the shared test stack must not be failed over.
 */
class ReprovisionTest {

    private DatabaseCluster cluster;
    private Path dir;
    private final Map<DbAccount, Credentials> credentials = new EnumMap<>(DbAccount.class);

    @BeforeEach
    void start() throws Exception {
        for (DbAccount account : DbAccount.values()) {
            credentials.put(account, new Credentials(account.username(), "pw-" + UUID.randomUUID()));
        }
        dir = Files.createTempDirectory("plumbline-reprovision");
        cluster = new DatabaseCluster(dir, Ports.free(), Ports.free(), credentials);
        cluster.start();
    }

    @AfterEach
    void stop() throws Exception {
        cluster.stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aDivergedOldPrimaryIsReclonedFromTheNewOneAndReplicatesAgain() throws Exception {
        MariaDbServer old = cluster.primary();
        MariaDbServer promoted = cluster.replica();
        write(old, "before-the-outage");
        cluster.awaitReplicaCaughtUp(Duration.ofSeconds(30));

        promoted.runAsRoot("STOP SLAVE");
        write(old, "errant"); // in the old primary's binlog, never received by the replica
        old.kill();
        promoted.runAsRoot("RESET SLAVE ALL; SET GLOBAL read_only = OFF;");
        write(promoted, "after-the-promotion");

        old.start();
        replicate(old, promoted, "current_pos");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ioErrno(old))
                .as("the new primary refuses the old one's position").isEqualTo(1236));

        old.copyFrom(promoted, DbAccount.SCHEMAS);
        replicate(old, promoted, "slave_pos");
        write(promoted, "after-the-rejoin");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rows(old))
                .containsExactlyInAnyOrder("before-the-outage", "after-the-promotion", "after-the-rejoin"));
        assertThat(rows(old)).as("the errant transaction is gone").doesNotContain("errant");
        assertThat(ioErrno(old)).isZero();
    }

    private void write(MariaDbServer server, String id) {
        server.runAsRoot("INSERT INTO plumbline_probe.write_probe (id, written_at) VALUES ('" + id + "', NOW(6))");
    }

    private void replicate(MariaDbServer replica, MariaDbServer source, String gtidPosition) {
        replica.replicateFrom(source, credentials.get(DbAccount.REPLICATOR), gtidPosition);
    }

    private int ioErrno(MariaDbServer server) {
        return server.replicationStatus(credentials.get(DbAccount.PROBE)).map(MariaDbServer.ReplicationStatus::ioErrno).orElse(-1);
    }

    private List<String> rows(MariaDbServer server) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (var c = server.connect("plumbline_probe", credentials.get(DbAccount.PROBE));
                ResultSet rs = c.createStatement().executeQuery("SELECT id FROM write_probe")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
