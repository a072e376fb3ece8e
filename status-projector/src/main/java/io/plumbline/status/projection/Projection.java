package io.plumbline.status.projection;

import io.plumbline.events.EventPayload;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.alerts.Alert;
import io.plumbline.events.alerts.AlertAcknowledged;
import io.plumbline.events.alerts.AlertFiring;
import io.plumbline.events.alerts.AlertResolved;
import io.plumbline.events.alerts.AlertSilenced;
import io.plumbline.events.backups.BackupFailed;
import io.plumbline.events.backups.BackupStarted;
import io.plumbline.events.backups.BackupSucceeded;
import io.plumbline.events.backups.BackupVerified;
import io.plumbline.events.booking.AnnouncementPublished;
import io.plumbline.events.booking.AnnouncementWithdrawn;
import io.plumbline.events.booking.BookingCancelled;
import io.plumbline.events.booking.BookingCreated;
import io.plumbline.events.booking.BookingStatusChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.metrics.MetricSampled;
import io.plumbline.events.notifications.NotificationFailed;
import io.plumbline.events.notifications.NotificationSent;
import io.plumbline.events.topology.FailoverDetected;
import io.plumbline.events.topology.ReplicationLagHigh;
import io.plumbline.events.topology.ReplicationStopped;
import io.plumbline.events.topology.ServerOnline;
import io.plumbline.events.topology.ServerShunned;
import io.plumbline.events.topology.WriterLost;
import io.plumbline.events.topology.WriterRestored;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies one event to the read model. Called inside {@code ProcessedEvents.once}, so each event id changes the
 * tables once; every statement is an upsert keyed by the aggregate, and events arrive in partition order, so a replay
 * from offset 0 into empty tables reproduces the same rows.
 */
@Component
public class Projection {

    private final JdbcTemplate jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    Projection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies the event and returns its one-line summary for the event log and the live stream. */
    public FeedItem apply(ReceivedEvent event) {
        EventPayload p = event.payload();
        FeedItem item = describe(event);
        if (!(p instanceof MetricSampled)) {
            // the event log is the failure stream's history: metric samples (every few seconds, per query) would bury
            // the alerts, topology and maintenance changes an admin looks for; their values live in proj_metric
            jdbc.update("""
                    INSERT INTO proj_event (event_id, topic, type, subject, summary, severity, occurred_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE event_id = event_id""",
                    event.id(), event.topic(), event.type(), event.subject(), item.summary(), item.severity(), ts(event.time()));
        }
        if (p instanceof AlertFiring f) {
            alert(f.alert(), "FIRING");
        } else if (p instanceof AlertResolved r) {
            alert(r.alert(), "RESOLVED");
        } else if (p instanceof AlertAcknowledged a) {
            jdbc.update("UPDATE proj_alert SET acked_by = ?, acked_at = ? WHERE fingerprint = ?",
                    a.acknowledgedBy(), ts(a.acknowledgedAt()), a.fingerprint());
        } else if (p instanceof AlertSilenced s) {
            jdbc.update("UPDATE proj_alert SET silenced_until = ? WHERE fingerprint = ?", ts(s.until()), s.fingerprint());
        } else if (p instanceof ServerOnline s) {
            server(s.cluster(), s.server(), "ONLINE", s.role(), s.hostgroup(), null, s.observedAt());
        } else if (p instanceof ServerShunned s) {
            server(s.cluster(), s.server(), s.status(), null, s.hostgroup(), s.reason(), s.observedAt());
        } else if (p instanceof ReplicationStopped r) {
            jdbc.update("UPDATE proj_server SET detail = ? WHERE cluster = ? AND server = ?",
                    "replication stopped (IO " + r.ioRunning() + ", SQL " + r.sqlRunning() + ")"
                            + (r.lastError() == null ? "" : ": " + r.lastError()), r.cluster(), r.replica());
        } else if (p instanceof ReplicationLagHigh l) {
            jdbc.update("UPDATE proj_server SET detail = ? WHERE cluster = ? AND server = ?",
                    "replication lag " + l.lagSeconds() + " s", l.cluster(), l.replica());
        } else if (p instanceof WriterLost w) {
            cluster(w.cluster(), null, "LOST", false, w.observedAt());
        } else if (p instanceof WriterRestored w) {
            cluster(w.cluster(), w.writer(), "PRESENT", w.probeVerified(), w.observedAt());
        } else if (p instanceof FailoverDetected f) {
            cluster(f.cluster(), f.newWriter(), "PRESENT", false, f.observedAt());
            jdbc.update("UPDATE proj_cluster SET last_failover_at = ?, last_failover = ? WHERE cluster = ?",
                    ts(f.observedAt()), f.oldWriter() + " → " + f.newWriter(), f.cluster());
        } else if (p instanceof MaintenanceStateChanged m) {
            jdbc.update("""
                    INSERT INTO proj_maintenance (scope, version, mode, reason_ko, reason_en, window_start, window_end,
                                                  triggered_kind, triggered_name, changed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON DUPLICATE KEY UPDATE mode = VALUES(mode)""",
                    m.scope(), m.version(), m.mode().name(), m.reason() == null ? null : m.reason().ko(),
                    m.reason() == null ? null : m.reason().en(), ts(m.windowStart()), ts(m.windowEnd()),
                    m.triggeredBy() == null ? null : m.triggeredBy().kind().name(),
                    m.triggeredBy() == null ? null : m.triggeredBy().name(), ts(m.changedAt()));
        } else if (p instanceof BackupStarted b) {
            backup(b.backupId(), "RUNNING", null, null, b.startedAt(), null, null, b.startedAt());
        } else if (p instanceof BackupSucceeded b) {
            backup(b.backupId(), "SUCCEEDED", b.manifest() == null ? null : b.manifest().file(),
                    b.manifest() == null ? null : b.manifest().sizeBytes(), null, b.finishedAt(), null, b.finishedAt());
        } else if (p instanceof BackupVerified b) {
            jdbc.update("""
                    INSERT INTO proj_backup (backup_id, status, file, verified_at, updated_at) VALUES (?, 'VERIFIED', ?, ?, ?)
                    ON DUPLICATE KEY UPDATE status = 'VERIFIED', verified_at = VALUES(verified_at), updated_at = VALUES(updated_at)""",
                    b.backupId(), b.file(), ts(b.verifiedAt()), ts(b.verifiedAt()));
        } else if (p instanceof BackupFailed b && "RETENTION".equals(b.stage())) {
            // the backup itself was written and verified; only deleting old ones failed: note it, keep its status
            jdbc.update("""
                    INSERT INTO proj_backup (backup_id, status, failure, updated_at) VALUES (?, 'STARTED', ?, ?)
                    ON DUPLICATE KEY UPDATE failure = VALUES(failure), updated_at = VALUES(updated_at)""",
                    b.backupId(), b.stage() + ": " + b.message(), ts(b.failedAt()));
        } else if (p instanceof BackupFailed b) {
            jdbc.update("""
                    INSERT INTO proj_backup (backup_id, status, failure, finished_at, updated_at) VALUES (?, 'FAILED', ?, ?, ?)
                    ON DUPLICATE KEY UPDATE status = 'FAILED', failure = VALUES(failure), finished_at = VALUES(finished_at),
                                            updated_at = VALUES(updated_at)""",
                    b.backupId(), b.stage() + ": " + b.message(), ts(b.failedAt()), ts(b.failedAt()));
        } else if (p instanceof MetricSampled m) {
            jdbc.update("""
                    INSERT INTO proj_metric (metric, query, samples, sampled_at) VALUES (?, ?, ?, ?)
                    ON DUPLICATE KEY UPDATE query = VALUES(query), samples = VALUES(samples), sampled_at = VALUES(sampled_at)""",
                    m.metric(), m.query(), json.writeValueAsString(m.samples()), ts(m.sampledAt()));
        } else if (p instanceof BookingCreated b) {
            jdbc.update("""
                    INSERT INTO proj_booking (code, customer_name, phone, address, issue_type, slot_start, status,
                                              created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON DUPLICATE KEY UPDATE code = code""",
                    b.bookingCode(), b.customerName(), b.phone(), b.address(), b.issueType(), ts(b.slotStart()),
                    b.status(), ts(b.createdAt()), ts(b.createdAt()));
        } else if (p instanceof BookingStatusChanged b) {
            jdbc.update("UPDATE proj_booking SET status = ?, technician = COALESCE(?, technician), updated_at = ? WHERE code = ?",
                    b.to(), b.technician(), ts(b.changedAt()), b.bookingCode());
        } else if (p instanceof BookingCancelled b) {
            jdbc.update("UPDATE proj_booking SET status = 'CANCELLED', updated_at = ? WHERE code = ?",
                    ts(b.cancelledAt()), b.bookingCode());
        } else if (p instanceof AnnouncementPublished a) {
            jdbc.update("""
                    INSERT INTO proj_announcement (announcement_id, title, body, pinned, published_by, published_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON DUPLICATE KEY UPDATE title = VALUES(title), body = VALUES(body), pinned = VALUES(pinned),
                                            published_by = VALUES(published_by), published_at = VALUES(published_at),
                                            withdrawn_at = NULL""",
                    a.announcementId(), a.title(), a.body(), a.pinned(), a.publishedBy(), ts(a.publishedAt()));
        } else if (p instanceof AnnouncementWithdrawn a) {
            jdbc.update("UPDATE proj_announcement SET withdrawn_at = ? WHERE announcement_id = ?",
                    ts(a.withdrawnAt()), a.announcementId());
        }
        return item;
    }

    private void alert(Alert a, String status) {
        jdbc.update("""
                INSERT INTO proj_alert (fingerprint, alertname, severity, status, instance, summary, starts_at, ends_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE
                    -- first, while starts_at still holds the old episode's start (MySQL/MariaDB assign left to right):
                    -- a new episode of the same alert has not been acknowledged yet
                    acked_by = IF(VALUES(status) = 'FIRING' AND starts_at <> VALUES(starts_at), NULL, acked_by),
                    acked_at = IF(VALUES(status) = 'FIRING' AND starts_at <> VALUES(starts_at), NULL, acked_at),
                    alertname = VALUES(alertname), severity = VALUES(severity), status = VALUES(status),
                    instance = VALUES(instance), summary = VALUES(summary), starts_at = VALUES(starts_at),
                    ends_at = VALUES(ends_at), updated_at = VALUES(updated_at)""",
                a.fingerprint(), a.alertname(), a.severity(), status, a.labels().get("instance"),
                a.annotations().getOrDefault("summary", a.annotations().get("description")), ts(a.startsAt()),
                ts(a.endsAt()), ts(a.endsAt() != null ? a.endsAt() : a.startsAt()));
    }

    private void server(String cluster, String server, String status, String role, Integer hostgroup, String detail,
            Instant at) {
        jdbc.update("""
                INSERT INTO proj_server (cluster, server, status, role, hostgroup, detail, observed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE status = VALUES(status), role = COALESCE(VALUES(role), role),
                    hostgroup = COALESCE(VALUES(hostgroup), hostgroup), detail = VALUES(detail), observed_at = VALUES(observed_at)""",
                cluster, server, status, role, hostgroup, detail, ts(at));
    }

    private void cluster(String cluster, String writer, String state, boolean verified, Instant at) {
        jdbc.update("""
                INSERT INTO proj_cluster (cluster, writer, writer_state, writer_verified, updated_at) VALUES (?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE writer = VALUES(writer), writer_state = VALUES(writer_state),
                    writer_verified = VALUES(writer_verified), updated_at = VALUES(updated_at)""",
                cluster, writer, state, verified, ts(at));
    }

    private void backup(String id, String status, String file, Long size, Instant started, Instant finished,
            Instant verified, Instant at) {
        jdbc.update("""
                INSERT INTO proj_backup (backup_id, status, file, size_bytes, started_at, finished_at, verified_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE status = IF(status = 'VERIFIED', status, VALUES(status)),
                    file = COALESCE(VALUES(file), file), size_bytes = COALESCE(VALUES(size_bytes), size_bytes),
                    started_at = COALESCE(VALUES(started_at), started_at), finished_at = COALESCE(VALUES(finished_at), finished_at),
                    updated_at = VALUES(updated_at)""",
                id, status, file, size, ts(started), ts(finished), ts(verified), ts(at));
    }

    /** A one-line, human summary of any event, with a severity for the live stream's colour. */
    public static FeedItem describe(ReceivedEvent event) {
        EventPayload p = event.payload();
        String severity = "info";
        String summary;
        if (p instanceof AlertFiring f) {
            severity = "critical".equals(f.alert().severity()) ? "critical" : "warning";
            summary = "[FIRING] " + f.alert().alertname() + " " + f.alert().labels().getOrDefault("instance", "");
        } else if (p instanceof AlertResolved r) {
            summary = "[RESOLVED] " + r.alert().alertname() + " " + r.alert().labels().getOrDefault("instance", "");
        } else if (p instanceof WriterLost w) {
            severity = "critical";
            summary = "WriterLost " + w.cluster() + " (" + w.lastWriter() + "): " + w.reason();
        } else if (p instanceof ServerOnline s) {
            summary = "ServerOnline " + s.server() + " (" + s.role() + ")";
        } else if (p instanceof WriterRestored w) {
            summary = "WriterRestored " + w.cluster() + " → " + w.writer() + (w.probeVerified() ? " (write probe verified)" : "");
        } else if (p instanceof FailoverDetected f) {
            severity = "warning";
            summary = "FailoverDetected " + f.oldWriter() + " → " + f.newWriter();
        } else if (p instanceof ServerShunned s) {
            severity = "critical";
            summary = "ServerShunned " + s.server() + " " + s.status();
        } else if (p instanceof ReplicationStopped r) {
            severity = "warning";
            summary = "ReplicationStopped " + r.replica();
        } else if (p instanceof MaintenanceStateChanged m) {
            severity = m.mode() == MaintenanceStateChanged.Mode.EMERGENCY ? "critical" : "info";
            summary = "Maintenance " + m.mode() + " v" + m.version()
                    + (m.triggeredBy() == null ? "" : " by " + m.triggeredBy().name());
        } else if (p instanceof BackupFailed b) {
            severity = "critical";
            summary = "BackupFailed " + b.backupId() + ": " + b.message();
        } else if (p instanceof NotificationFailed n) {
            severity = "warning";
            summary = "NotificationFailed " + n.subject() + ": " + n.reason();
        } else if (p instanceof NotificationSent n) {
            summary = "NotificationSent " + n.channel();
        } else {
            summary = p.getClass().getSimpleName() + " " + (event.subject() == null ? "" : event.subject());
        }
        String line = summary.strip();
        line = line.length() > 1000 ? line.substring(0, 1000) : line;
        return new FeedItem(event.id(), event.topic(), p.getClass().getSimpleName(), line, severity, event.time());
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /** A line of the event log and the live stream. */
    public record FeedItem(String id, String topic, String type, String summary, String severity, Instant at) {
    }
}
