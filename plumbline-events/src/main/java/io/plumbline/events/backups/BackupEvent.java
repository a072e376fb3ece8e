package io.plumbline.events.backups;

import io.plumbline.events.EventPayload;

/** The backups domain's events: backup-worker's runs: started, succeeded, verified, failed, pruned. A new one is a record here, permitted below. */
public sealed interface BackupEvent extends EventPayload permits BackupFailed, BackupStarted, BackupSucceeded, BackupVerified, BackupsPruned {
}
