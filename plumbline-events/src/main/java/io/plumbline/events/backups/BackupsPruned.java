package io.plumbline.events.backups;

import java.time.Instant;
import java.util.List;

/** Retention deleted old backup files. */
public record BackupsPruned(String backupId, List<String> deletedFiles, int kept, Instant prunedAt)
        implements BackupEvent {

    @Override
    public String subject() {
        return backupId;
    }
}
