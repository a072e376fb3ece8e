package io.plumbline.status.alerts;

import static io.plumbline.status.projection.Rows.instant;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The alerts read model, firing first. */
@Component
public class Alerts {

    /** One alert as last reported, with who acknowledged it. */
    public record Alert(String fingerprint, String alertname, String severity, String status, String instance,
            String summary, Instant startsAt, Instant endsAt, String ackedBy, Instant ackedAt, Instant silencedUntil,
            Instant updatedAt) {
    }

    private final JdbcTemplate jdbc;

    Alerts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Alert> recent(int limit) {
        return jdbc.query("SELECT * FROM proj_alert ORDER BY status = 'FIRING' DESC, updated_at DESC LIMIT ?",
                (rs, i) -> new Alert(rs.getString("fingerprint"), rs.getString("alertname"), rs.getString("severity"),
                        rs.getString("status"), rs.getString("instance"), rs.getString("summary"), instant(rs, "starts_at"),
                        instant(rs, "ends_at"), rs.getString("acked_by"), instant(rs, "acked_at"),
                        instant(rs, "silenced_until"), instant(rs, "updated_at")), limit);
    }
}
