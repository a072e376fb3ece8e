package io.plumbline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import io.plumbline.events.Topics;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.testing.PlumblineStack;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PlumblineStack.class)
class EmbeddedInfrastructureTest {

    private final EmbeddedInfrastructure infra = PlumblineStack.embedded();

    @Test
    void createsEveryTopicOfTheCatalogueWithItsDeadLetterTopic() throws Exception {
        try (Admin admin = infra.broker().admin()) {
            Set<String> names = admin.listTopics().names().get();
            Topics.allWithDeadLetters().forEach(t -> assertThat(names).contains(t.name()));
        }
    }

    @Test
    void replicatesWritesOnThePrimaryToTheReadOnlyReplica() throws Exception {
        String id = UUID.randomUUID().toString();
        try (Connection c = infra.databases().primary().connect("plumbline_probe", infra.credentials(DbAccount.PROBE));
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO write_probe VALUES ('" + id + "', NOW(6))");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            try (Connection c = infra.databases().replica().connect("plumbline_probe", infra.credentials(DbAccount.PROBE));
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM write_probe WHERE id = '" + id + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        });
    }

    @Test
    void primaryCommitsSemiSynchronouslySoAFailoverLosesNothing() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            try (Connection c = infra.databases().primary().connect(null, infra.credentials(DbAccount.PROBE));
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync_master_status'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo("ON");
            }
        });
    }

    @Test
    void replicaRefusesApplicationWrites() throws Exception {
        try (Connection c = infra.databases().replica().connect("plumbline_probe", infra.credentials(DbAccount.PROBE));
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO write_probe VALUES ('x', NOW(6))"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("read-only");
        }
    }

    @Test
    void applicationAccountsAreLimitedToTheirOwnSchema() throws Exception {
        try (Connection c = infra.databases().primary().connect("booking", infra.credentials(DbAccount.BOOKING_APP));
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("CREATE TABLE booking.not_allowed (id INT)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("denied");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM status.processed_event"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("denied");
        }
    }
}
