package io.plumbline.status.backups;

import static io.plumbline.status.projection.Handlers.Summary.critical;
import static io.plumbline.status.projection.Rows.ts;

import io.plumbline.events.backups.BackupFailed;
import io.plumbline.events.backups.BackupStarted;
import io.plumbline.events.backups.BackupSucceeded;
import io.plumbline.events.backups.BackupVerified;
import io.plumbline.events.backups.BackupsPruned;
import io.plumbline.status.projection.Handlers;
import io.plumbline.status.projection.Projector;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Backups by id ({@code proj_backup}): running, succeeded, verified or failed. */
@Component
class BackupsProjector implements Projector {

    private final JdbcTemplate jdbc;

    BackupsProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void declare(Handlers on) {
        on.on(BackupStarted.class, b -> backup(b.backupId(), "RUNNING", null, null, b.startedAt(), null, null, b.startedAt()));
        on.on(BackupSucceeded.class, b -> backup(b.backupId(), "SUCCEEDED", b.manifest() == null ? null : b.manifest().file(),
                b.manifest() == null ? null : b.manifest().sizeBytes(), null, b.finishedAt(), null, b.finishedAt()));
        on.on(BackupVerified.class, b -> jdbc.update("""
                INSERT INTO proj_backup (backup_id, status, file, verified_at, updated_at) VALUES (?, 'VERIFIED', ?, ?, ?)
                ON DUPLICATE KEY UPDATE status = 'VERIFIED', verified_at = VALUES(verified_at), updated_at = VALUES(updated_at)""",
                b.backupId(), b.file(), ts(b.verifiedAt()), ts(b.verifiedAt())));
        on.on(BackupFailed.class, this::failed).summary(b -> critical("BackupFailed " + b.backupId() + ": " + b.message()));
        on.logged(BackupsPruned.class);
    }

    @Override
    public List<String> tables() {
        return List.of("proj_backup");
    }

    private void failed(BackupFailed b) {
        if ("RETENTION".equals(b.stage())) {
            // the backup itself was written and verified; only deleting old ones failed: note it, keep its status
            jdbc.update("""
                    INSERT INTO proj_backup (backup_id, status, failure, updated_at) VALUES (?, 'STARTED', ?, ?)
                    ON DUPLICATE KEY UPDATE failure = VALUES(failure), updated_at = VALUES(updated_at)""",
                    b.backupId(), b.stage() + ": " + b.message(), ts(b.failedAt()));
        } else {
            jdbc.update("""
                    INSERT INTO proj_backup (backup_id, status, failure, finished_at, updated_at) VALUES (?, 'FAILED', ?, ?, ?)
                    ON DUPLICATE KEY UPDATE status = 'FAILED', failure = VALUES(failure), finished_at = VALUES(finished_at),
                                            updated_at = VALUES(updated_at)""",
                    b.backupId(), b.stage() + ": " + b.message(), ts(b.failedAt()), ts(b.failedAt()));
        }
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
}
