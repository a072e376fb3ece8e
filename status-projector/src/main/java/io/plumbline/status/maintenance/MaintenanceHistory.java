package io.plumbline.status.maintenance;

import static io.plumbline.status.projection.Rows.instant;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The maintenance read model: every state each scope went through, newest first. */
@Component
public class MaintenanceHistory {

    public record Change(String scope, long version, String mode, String reasonKo, String reasonEn, Instant windowStart,
            Instant windowEnd, String triggeredKind, String triggeredName, Instant changedAt) {
    }

    private final JdbcTemplate jdbc;

    MaintenanceHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Change> recent(int limit) {
        return jdbc.query("SELECT * FROM proj_maintenance ORDER BY changed_at DESC, version DESC LIMIT ?",
                (rs, i) -> new Change(rs.getString("scope"), rs.getLong("version"), rs.getString("mode"),
                        rs.getString("reason_ko"), rs.getString("reason_en"), instant(rs, "window_start"),
                        instant(rs, "window_end"), rs.getString("triggered_kind"), rs.getString("triggered_name"),
                        instant(rs, "changed_at")), limit);
    }
}
