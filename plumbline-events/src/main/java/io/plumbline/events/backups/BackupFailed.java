package io.plumbline.events.backups;

import java.time.Instant;

/**
 * A backup run failed.
 *
 * @param stage   where it failed: {@code DUMP}, {@code VERIFY} or {@code RETENTION}
 * @param reason  a reason an admin understands
 * @param message details (never a stack trace)
 */
public record BackupFailed(String backupId, String stage, Reason reason, String message, Instant failedAt)
        implements BackupEvent {

    public enum Reason {
        DISK_FULL, PERMISSION_DENIED, TARGET_MISSING, DATABASE_UNREACHABLE, CHECKSUM_MISMATCH, VERIFY_MISMATCH,
        ALREADY_RUNNING, DUMP_TOOL_FAILED, UNKNOWN
    }

    @Override
    public String subject() {
        return backupId;
    }
}
