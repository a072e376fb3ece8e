package io.plumbline.events.backups;

import java.time.Instant;

/** The dump was written completely and renamed to its final name. */
public record BackupSucceeded(String backupId, BackupManifest manifest, Instant finishedAt) implements BackupEvent {

    @Override
    public String subject() {
        return backupId;
    }
}
