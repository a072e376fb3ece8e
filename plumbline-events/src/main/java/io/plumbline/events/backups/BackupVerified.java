package io.plumbline.events.backups;

import java.time.Duration;
import java.time.Instant;

/** The backup was restored into a scratch database and matched its manifest table by table. */
public record BackupVerified(String backupId, String file, int tablesCompared, Duration verifyDuration,
        Instant verifiedAt) implements BackupEvent {

    @Override
    public String subject() {
        return backupId;
    }
}
