package io.plumbline.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Both dump tools record where the dump stands in the binlog, each in its own words; the manifest must read both. The
 * MySQL lines are what {@code mysqldump} 8.4 writes with {@code --source-data=2 --set-gtid-purged=COMMENTED}.
 */
class DumpFlavourTest {

    @Test
    void mariadbDumpIsAskedForItsOwnPositionOptions() {
        assertThat(BackupJob.dumpCommand(properties(BackupProperties.Flavour.MARIADB, "mariadb-dump")))
                .startsWith("mariadb-dump").contains("--master-data=2", "--gtid", "--single-transaction")
                .doesNotContain("--source-data=2").doesNotHaveDuplicates()
                .noneMatch(arg -> arg.contains("secret"));
    }

    @Test
    void mysqldumpIsAskedForMysqlPositionOptions() {
        assertThat(BackupJob.dumpCommand(properties(BackupProperties.Flavour.MYSQL, "mysqldump")))
                .startsWith("mysqldump").contains("--source-data=2", "--set-gtid-purged=COMMENTED", "--single-transaction")
                .doesNotContain("--master-data=2", "--gtid").noneMatch(arg -> arg.contains("secret"));
    }

    @Test
    void readsMariadbPosition() {
        DumpDigest digest = new DumpDigest();
        digest.line("-- CHANGE MASTER TO MASTER_LOG_FILE='mysql-bin.000003', MASTER_LOG_POS=1234;");
        digest.line("-- SET GLOBAL gtid_slave_pos='0-1-42';");
        assertThat(digest.binlogFile()).isEqualTo("mysql-bin.000003");
        assertThat(digest.binlogPosition()).isEqualTo(1234L);
        assertThat(digest.gtid()).isEqualTo("0-1-42");
    }

    @Test
    void readsMysqlPosition() {
        DumpDigest digest = new DumpDigest();
        digest.line("-- CHANGE REPLICATION SOURCE TO SOURCE_LOG_FILE='binlog.000002', SOURCE_LOG_POS=157;");
        digest.line("/* SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-23'; */");
        assertThat(digest.binlogFile()).isEqualTo("binlog.000002");
        assertThat(digest.binlogPosition()).isEqualTo(157L);
        assertThat(digest.gtid()).isEqualTo("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-23");
    }

    private static BackupProperties properties(BackupProperties.Flavour flavour, String tool) {
        return new BackupProperties(BackupProperties.Mode.ONCE, "0 0 19 * * *", Path.of("/backups"), "127.0.0.1", 3306,
                "backup", "secret", "booking", flavour, tool, "mysql", Duration.ofDays(7), 3, DataSize.ofMegabytes(100),
                BackupProperties.Verify.onSource(true), Duration.ofMinutes(30));
    }
}
