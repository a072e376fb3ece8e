package io.plumbline.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plumbline.events.EventCodec;
import io.plumbline.events.Topics;
import io.plumbline.events.alerts.Alert;
import io.plumbline.events.alerts.AlertAcknowledged;
import io.plumbline.events.alerts.AlertFiring;
import io.plumbline.events.backups.BackupFailed;
import io.plumbline.events.backups.BackupStarted;
import io.plumbline.events.backups.BackupVerified;
import io.plumbline.events.booking.BookingCreated;
import io.plumbline.events.booking.BookingStatusChanged;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.events.topology.ServerShunned;
import io.plumbline.status.projection.ProjectionReplay;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

class ProjectionTest extends StatusProjectorTestSupport {

    @Autowired
    EventPublisher publisher;

    @Autowired
    EventCodec codec;

    @Autowired
    KafkaTemplate<String, byte[]> kafka;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProjectionReplay replay;

    private final Duration wait = Duration.ofSeconds(20);
    private final Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void anAcknowledgementEndsWithItsEpisodeWhenTheAlertFiresAgain() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Alert first = new Alert("fp-re-" + id, Map.of("alertname", "InstanceDown", "instance", "k8s-n2", "severity", "critical"),
                Map.of("summary", "node down"), t, null, null, "slack", "g", "http://am");
        publisher.publishAndWait(Topics.ALERTS, "f1-" + id, new AlertFiring(first), t, wait);
        publisher.publishAndWait(Topics.ALERTS, "a1-" + id, new AlertAcknowledged(first.fingerprint(), "InstanceDown", "kim", t), t, wait);
        publisher.publishAndWait(Topics.ALERTS, "f1b-" + id, new AlertFiring(first), t, wait); // same episode, peer's copy
        await().atMost(wait).ignoreExceptions().untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT acked_by FROM proj_alert WHERE fingerprint = ?", String.class, first.fingerprint())).isEqualTo("kim"));

        Instant later = t.plus(Duration.ofMinutes(30));
        Alert again = new Alert(first.fingerprint(), first.labels(), first.annotations(), later, null, null, "slack", "g", "http://am");
        publisher.publishAndWait(Topics.ALERTS, "f2-" + id, new AlertFiring(again), later, wait);
        await().atMost(wait).ignoreExceptions().untilAsserted(() -> assertThat(jdbc.queryForMap(
                "SELECT acked_by, acked_at, starts_at FROM proj_alert WHERE fingerprint = ?", first.fingerprint()))
                .containsEntry("acked_by", null).containsEntry("acked_at", null)
                .hasEntrySatisfying("starts_at", v -> assertThat(v).isNotNull()));
    }

    @Autowired
    io.plumbline.status.projection.EventLog eventLog;

    @Test
    void metricSamplesUpdateTheCardsWithoutBuryingTheFailureStream() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String metric = "test-metric-" + id;
        publisher.publishAndWait(Topics.METRICS, "m-" + id, new io.plumbline.events.metrics.MetricSampled(metric, "up",
                List.of(new io.plumbline.events.metrics.MetricSampled.Sample(Map.of("job", "node"), 1.0, t)), t), t, wait);
        Alert alert = new Alert("fp-mx-" + id, Map.of("alertname", "InstanceDown", "instance", "nfs", "severity", "critical"),
                Map.of("summary", "nfs down"), t, null, null, "slack", "g", "http://am");
        publisher.publishAndWait(Topics.ALERTS, "af-" + id, new AlertFiring(alert), t, wait);
        await().atMost(wait).ignoreExceptions().untilAsserted(() -> {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM proj_metric WHERE metric = ?", Integer.class, metric)).isEqualTo(1);
            assertThat(eventLog.recent(500)).anyMatch(e -> ("af-" + id).equals(e.eventId()));
        });
        assertThat(eventLog.recent(500)).noneMatch(e -> ("m-" + id).equals(e.eventId()));
    }

    @Test
    void aRetentionFailureLeavesAVerifiedBackupVerified() {
        String id = "bk-ret-" + UUID.randomUUID().toString().substring(0, 8);
        publisher.publishAndWait(Topics.BACKUPS, id + "-s", new BackupStarted(id, "booking", "/backups", "schedule", t), t, wait);
        publisher.publishAndWait(Topics.BACKUPS, id + "-v", new BackupVerified(id, "plumbing_db.sql", 3, Duration.ofSeconds(2), t), t, wait);
        publisher.publishAndWait(Topics.BACKUPS, id + "-r", new BackupFailed(id, "RETENTION", BackupFailed.Reason.PERMISSION_DENIED,
                "cannot delete plumbing_db_20261101_190000.sql.gz", t), t, wait);
        await().atMost(wait).ignoreExceptions().untilAsserted(() -> assertThat(jdbc.queryForMap(
                "SELECT status, failure FROM proj_backup WHERE backup_id = ?", id))
                .containsEntry("status", "VERIFIED")
                .hasEntrySatisfying("failure", f -> assertThat((String) f).startsWith("RETENTION: cannot delete")));
    }

    @Test
    void projectsEventsFromEveryDomainOncePerEventId() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String code = "RES-20261125-" + id.substring(0, 4);
        Alert alert = new Alert("fp-" + id, Map.of("alertname", "InstanceDown", "instance", "k8s-n1", "severity", "critical"),
                Map.of("summary", "node down"), t, null, null, "slack", "g", "http://am");
        String firingId = "alert-" + id;
        publisher.publishAndWait(Topics.ALERTS, firingId, new AlertFiring(alert), t, wait);
        publisher.publishAndWait(Topics.ALERTS, firingId, new AlertFiring(alert), t, wait); // redelivered duplicate
        publisher.publishAndWait(Topics.ALERTS, "ack-" + id, new AlertAcknowledged(alert.fingerprint(), "InstanceDown", "kim", t), t, wait);
        publisher.publishAndWait(Topics.BOOKING_EVENTS, "b1-" + id, new BookingCreated(code, "홍길동", "010-0000-" + id.substring(0, 4),
                "서울", "LEAK", "물샘", t.plus(Duration.ofDays(1)), "RECEIVED", t), t, wait);
        publisher.publishAndWait(Topics.BOOKING_EVENTS, "b2-" + id, new BookingStatusChanged(code, "RECEIVED", "CONFIRMED",
                "tech-1", "admin", t), t, wait);
        publisher.publishAndWait(Topics.BACKUPS, "k1-" + id, new BackupStarted("bk-" + id, "booking", "/backups", "schedule", t), t, wait);
        publisher.publishAndWait(Topics.BACKUPS, "k2-" + id, new BackupVerified("bk-" + id, "plumbing_db.sql", 3,
                Duration.ofSeconds(2), t), t, wait);
        publisher.publishAndWait(Topics.DB_TOPOLOGY, "s1-" + id, new ServerShunned("proxysql-" + id, "mysql-s", 20, "SHUNNED",
                "too many errors", t), t, wait);

        await().atMost(wait).ignoreExceptions().untilAsserted(() -> {
            assertThat(jdbc.queryForMap("SELECT status, acked_by, instance FROM proj_alert WHERE fingerprint = ?", alert.fingerprint()))
                    .containsEntry("status", "FIRING").containsEntry("acked_by", "kim").containsEntry("instance", "k8s-n1");
            assertThat(jdbc.queryForObject("SELECT status FROM proj_booking WHERE code = ?", String.class, code)).isEqualTo("CONFIRMED");
            assertThat(jdbc.queryForObject("SELECT status FROM proj_backup WHERE backup_id = ?", String.class, "bk-" + id)).isEqualTo("VERIFIED");
            assertThat(jdbc.queryForObject("SELECT status FROM proj_server WHERE cluster = ?", String.class, "proxysql-" + id)).isEqualTo("SHUNNED");
        });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM proj_event WHERE event_id = ?", Integer.class, firingId)).isEqualTo(1);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheProjectionMovesOn() throws Exception {
        try (TopicRecorder dlt = new TopicRecorderRaw(bootstrapServers(), Topics.ALERTS.deadLetter())) {
            kafka.send(new ProducerRecord<>(Topics.ALERTS.name(), "poison", "not a cloud event".getBytes())).get();
            String id = UUID.randomUUID().toString();
            Alert alert = new Alert("fp-after-" + id, Map.of("alertname", "HighCpu"), Map.of(), t, null, null, "r", "g", "u");
            publisher.publishAndWait(Topics.ALERTS, id, new AlertFiring(alert), t, wait);
            await().atMost(wait).until(() -> dlt.count() >= 1);
            await().atMost(wait).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM proj_alert WHERE fingerprint = ?",
                    Integer.class, alert.fingerprint()) == 1);
        }
    }

    @Test
    void replayFromOffsetZeroGivesTheSameViewAsLiveConsumption() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Alert alert = new Alert("fp-replay-" + id, Map.of("alertname", "DiskFull", "severity", "warning"), Map.of(), t, null,
                null, "r", "g", "u");
        publisher.publishAndWait(Topics.ALERTS, "rp-" + id, new AlertFiring(alert), t, wait);
        await().atMost(wait).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM proj_alert WHERE fingerprint = ?",
                Integer.class, alert.fingerprint()) == 1);
        Map<String, List<Map<String, Object>>> live = snapshot();

        long applied = replay.rebuild();

        assertThat(applied).isPositive();
        assertThat(snapshot()).isEqualTo(live);
    }

    private Map<String, List<Map<String, Object>>> snapshot() {
        return Map.of(
                "alerts", jdbc.queryForList("SELECT * FROM proj_alert ORDER BY fingerprint"),
                "servers", jdbc.queryForList("SELECT * FROM proj_server ORDER BY cluster, server"),
                "clusters", jdbc.queryForList("SELECT * FROM proj_cluster ORDER BY cluster"),
                "events", jdbc.queryForList("SELECT * FROM proj_event ORDER BY event_id"),
                "maintenance", jdbc.queryForList("SELECT * FROM proj_maintenance ORDER BY scope, version"),
                "backups", jdbc.queryForList("SELECT * FROM proj_backup ORDER BY backup_id"),
                "bookings", jdbc.queryForList("SELECT * FROM proj_booking ORDER BY code"));
    }

    /** Counts raw records (dead letters are not decodable by design). */
    static final class TopicRecorderRaw extends TopicRecorder {

        TopicRecorderRaw(String bootstrapServers, String topic) {
            super(bootstrapServers, new io.plumbline.events.Topic(topic, "", 1, false, Duration.ofDays(1)));
        }
    }
}
