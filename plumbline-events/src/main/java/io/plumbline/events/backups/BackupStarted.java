package io.plumbline.events.backups;

import java.time.Instant;

public record BackupStarted(String backupId, String database, String targetDirectory, String trigger, Instant startedAt)
        implements BackupEvent {

    @Override
    public String subject() {
        return backupId;
    }
}
