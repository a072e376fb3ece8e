package io.plumbline.backup;

import io.plumbline.events.backups.BackupFailed;

/** A backup step failed for a reason an admin understands. */
class BackupException extends Exception {

    private final BackupFailed.Reason reason;
    private final String stage;

    BackupException(String stage, BackupFailed.Reason reason, String message) {
        super(message);
        this.stage = stage;
        this.reason = reason;
    }

    BackupFailed.Reason reason() {
        return reason;
    }

    String stage() {
        return stage;
    }
}
