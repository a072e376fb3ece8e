package io.plumbline.events.backups;

import java.time.Instant;

import io.plumbline.events.EventPayload;

public record BackupStarted(String backupId, String database, String targetDirectory, String trigger, Instant startedAt)
        implements EventPayload {

    @Override
    public String subject() {
        return backupId;
    }
}
