package io.plumbline.status.backups;

import static io.plumbline.status.projection.Rows.instant;
import static io.plumbline.status.projection.Rows.longValue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** The backups read model, most recently changed first. */
@Component
public class Backups {

    public record Backup(String backupId, String status, String file, Long sizeBytes, Instant startedAt,
            Instant finishedAt, Instant verifiedAt, String failure, Instant updatedAt) {
    }

    private static final RowMapper<Backup> ROW = (rs, i) -> new Backup(rs.getString("backup_id"), rs.getString("status"),
            rs.getString("file"), longValue(rs, "size_bytes"), instant(rs, "started_at"), instant(rs, "finished_at"),
            instant(rs, "verified_at"), rs.getString("failure"), instant(rs, "updated_at"));

    private final JdbcTemplate jdbc;

    Backups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Backup> recent(int limit) {
        return jdbc.query("SELECT * FROM proj_backup ORDER BY updated_at DESC LIMIT ?", ROW, limit);
    }

    /** The newest backup that succeeded, verified since or not (verifying changes its status to VERIFIED). */
    public Optional<Backup> lastSuccessful() {
        return jdbc.query("SELECT * FROM proj_backup WHERE status IN ('SUCCEEDED', 'VERIFIED') AND finished_at IS NOT NULL "
                + "ORDER BY finished_at DESC LIMIT 1", ROW).stream().findFirst();
    }

    public Optional<Backup> last(String status) {
        return jdbc.query("SELECT * FROM proj_backup WHERE status = ? ORDER BY updated_at DESC LIMIT 1", ROW, status)
                .stream().findFirst();
    }
}
