package io.plumbline.status.alerts;

import static io.plumbline.status.projection.Handlers.Summary.critical;
import static io.plumbline.status.projection.Handlers.Summary.info;
import static io.plumbline.status.projection.Handlers.Summary.warning;
import static io.plumbline.status.projection.Rows.ts;

import io.plumbline.events.alerts.Alert;
import io.plumbline.events.alerts.AlertAcknowledged;
import io.plumbline.events.alerts.AlertFiring;
import io.plumbline.events.alerts.AlertResolved;
import io.plumbline.events.alerts.AlertSilenced;
import io.plumbline.events.notifications.NotificationFailed;
import io.plumbline.events.notifications.NotificationRetried;
import io.plumbline.events.notifications.NotificationSent;
import io.plumbline.status.projection.Handlers;
import io.plumbline.status.projection.Projector;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Alerts by fingerprint ({@code proj_alert}); alert-router's notifications go to the event log only. */
@Component
class AlertsProjector implements Projector {

    private final JdbcTemplate jdbc;

    AlertsProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void declare(Handlers on) {
        on.on(AlertFiring.class, f -> alert(f.alert(), "FIRING"))
                .summary(f -> "critical".equals(f.alert().severity()) ? critical(firing(f.alert())) : warning(firing(f.alert())));
        on.on(AlertResolved.class, r -> alert(r.alert(), "RESOLVED"))
                .summary(r -> info("[RESOLVED] " + r.alert().alertname() + " " + r.alert().labels().getOrDefault("instance", "")));
        on.on(AlertAcknowledged.class, a -> jdbc.update("UPDATE proj_alert SET acked_by = ?, acked_at = ? WHERE fingerprint = ?",
                a.acknowledgedBy(), ts(a.acknowledgedAt()), a.fingerprint()));
        on.on(AlertSilenced.class, s -> jdbc.update("UPDATE proj_alert SET silenced_until = ? WHERE fingerprint = ?",
                ts(s.until()), s.fingerprint()));
        on.logged(NotificationSent.class).summary(n -> info("NotificationSent " + n.channel()));
        on.logged(NotificationFailed.class).summary(n -> warning("NotificationFailed " + n.subject() + ": " + n.reason()));
        on.logged(NotificationRetried.class);
    }

    @Override
    public List<String> tables() {
        return List.of("proj_alert");
    }

    private static String firing(Alert a) {
        return "[FIRING] " + a.alertname() + " " + a.labels().getOrDefault("instance", "");
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
}
