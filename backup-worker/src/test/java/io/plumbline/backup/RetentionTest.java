package io.plumbline.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import io.plumbline.events.backups.BackupsPruned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Retention rules on real files, with a fixed clock instead of waiting a week. */
class RetentionTest {

    static final Instant NOW = Instant.parse("2026-11-25T19:00:00Z");

    @TempDir
    Path target;

    @Test
    void deletesBackupsOlderThanSevenDaysWithTheirManifests() throws IOException {
        for (int day = 0; day < 10; day++) {
            backup(day, false);
        }
        Optional<BackupsPruned> pruned = retention(3).prune("plumbing_db_20261125_190000");

        assertThat(pruned).isPresent();
        assertThat(pruned.get().deletedFiles()).containsExactlyInAnyOrder(name(8) + ".sql.gz", name(9) + ".sql.gz");
        assertThat(pruned.get().kept()).isEqualTo(8);
        assertThat(target.resolve(name(8) + ".sql.gz")).doesNotExist();
        assertThat(target.resolve(name(8) + ".manifest.json")).doesNotExist();
        assertThat(target.resolve(name(7) + ".sql.gz")).as("exactly 7 days old is still kept").exists();
    }

    @Test
    void keepsTheMinimumNumberEvenWhenAllAreOld() throws IOException {
        for (int day = 10; day < 14; day++) {
            backup(day, false);
        }
        Optional<BackupsPruned> pruned = retention(3).prune("current");

        assertThat(pruned.orElseThrow().deletedFiles()).containsExactly(name(13) + ".sql.gz");
        assertThat(target.resolve(name(10) + ".sql.gz")).exists();
        assertThat(target.resolve(name(12) + ".sql.gz")).exists();
    }

    @Test
    void neverDeletesTheNewestVerifiedBackup() throws IOException {
        for (int day = 10; day < 15; day++) {
            backup(day, day == 13);
        }
        Optional<BackupsPruned> pruned = retention(1).prune("current");

        assertThat(pruned.orElseThrow().deletedFiles())
                .containsExactlyInAnyOrder(name(11) + ".sql.gz", name(12) + ".sql.gz", name(14) + ".sql.gz");
        assertThat(target.resolve(name(13) + ".sql.gz")).exists();
        assertThat(target.resolve(name(13) + ".verified")).exists();
        assertThat(target.resolve(name(10) + ".sql.gz")).exists();
    }

    @Test
    void reportsNothingWhenNothingIsDue() throws IOException {
        backup(0, true);
        backup(1, false);
        Files.writeString(target.resolve("plumbing_db_20261101_190000.sql.gz.partial"), "not a backup");

        assertThat(retention(3).prune("current")).isEmpty();
        assertThat(target.resolve("plumbing_db_20261101_190000.sql.gz.partial")).exists();
    }

    private Retention retention(int minKeep) {
        BackupProperties properties = new BackupProperties(BackupProperties.Mode.ONCE, "0 0 19 * * *", target, "127.0.0.1", 3306,
                "backup", "unused", "booking", BackupProperties.Flavour.MARIADB, "mariadb-dump", "mariadb", Duration.ofDays(7), minKeep, DataSize.ofMegabytes(1),
                BackupProperties.Verify.onSource(true), Duration.ofMinutes(30));
        return new Retention(properties, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void backup(int daysAgo, boolean verified) throws IOException {
        String id = name(daysAgo);
        Files.writeString(target.resolve(id + ".sql.gz"), "dump");
        Files.writeString(target.resolve(id + ".manifest.json"), "{}");
        if (verified) {
            Files.writeString(target.resolve(id + ".verified"), NOW.toString());
        }
    }

    private static String name(int daysAgo) {
        return "plumbing_db_" + BackupJob.NAME.format(NOW.minus(Duration.ofDays(daysAgo)));
    }
}
