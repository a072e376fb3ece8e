package io.plumbline.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plumbline.events.Topics;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy;
import io.plumbline.events.topology.ReplicationStopped;
import io.plumbline.events.topology.WriterLost;
import io.plumbline.events.topology.WriterRestored;
import io.plumbline.localstack.infra.DatabaseCluster;
import io.plumbline.localstack.testing.PlumblineStack;
import io.plumbline.status.maintenance.MaintenanceControl;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Real faults on the real primary/replica. The primary also hosts this service's own schema, so each test puts the
 * cluster back (primary running, replication caught up) before it returns.
 */
class DatabaseFaultTest extends StatusProjectorTestSupport {

    @Autowired
    MaintenanceControl control;

    @Test
    void stoppedReplicationOnTheReplicaIsReported() {
        DatabaseCluster db = PlumblineStack.embedded().databases();
        try (TopicRecorder topology = new TopicRecorder(bootstrapServers(), Topics.DB_TOPOLOGY)) {
            db.replica().runAsRoot("STOP SLAVE");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(topology.events(ReplicationStopped.class))
                    .anySatisfy(r -> {
                        assertThat(r.replica()).isEqualTo("mysql-s");
                        assertThat(r.ioRunning()).isFalse();
                    }));
        } finally {
            db.replica().runAsRoot("START SLAVE");
            db.awaitReplicaCaughtUp(Duration.ofSeconds(60));
        }
    }

    @Test
    void killedPrimaryTurnsEmergencyMaintenanceOnAndVerifiedRecoveryTurnsItOff() {
        DatabaseCluster db = PlumblineStack.embedded().databases();
        try (TopicRecorder topology = new TopicRecorder(bootstrapServers(), Topics.DB_TOPOLOGY);
                TopicRecorder maintenance = new TopicRecorder(bootstrapServers(), Topics.MAINTENANCE)) {
            try {
                db.primary().kill();
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(topology.events(WriterLost.class)).anySatisfy(l -> assertThat(l.lastWriter()).isEqualTo("mysql-m")));
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(maintenance.events(MaintenanceStateChanged.class)).anySatisfy(s -> {
                            assertThat(s.mode()).isEqualTo(Mode.EMERGENCY);
                            assertThat(s.triggeredBy().kind()).isEqualTo(TriggeredBy.Kind.POLICY);
                            assertThat(s.reason().ko()).isNotBlank();
                        }));
            } finally {
                db.primary().start();
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(topology.events(WriterRestored.class)).anySatisfy(r -> assertThat(r.probeVerified()).isTrue()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(control.current(MaintenanceStateChanged.BOOKINGS).mode()).isEqualTo(Mode.OFF));
            assertThat(maintenance.events(MaintenanceStateChanged.class)).last()
                    .satisfies(s -> assertThat(s.mode()).isEqualTo(Mode.OFF));
        } finally {
            db.awaitReplicaCaughtUp(Duration.ofSeconds(60));
        }
    }
}
