package io.plumbline.events.backups;

import java.time.Duration;
import java.util.Map;

/**
 * What a backup file holds, written beside it and carried in {@link BackupSucceeded}.
 *
 * @param gtidPosition   {@code gtid_binlog_pos} at the dump's consistent point (start of point-in-time recovery)
 * @param tableRowCounts rows per table at the consistent point
 * @param tableChecksums per-table checksum of the dumped rows, compared after a restore
 * @param duration       how long the dump itself took: dump tool started → compressed file in place
 */
public record BackupManifest(String file, long sizeBytes, String sha256, String database, String gtidPosition,
        String binlogFile, Long binlogPosition, Duration duration, Map<String, Long> tableRowCounts,
        Map<String, String> tableChecksums, String toolVersion) {
}
