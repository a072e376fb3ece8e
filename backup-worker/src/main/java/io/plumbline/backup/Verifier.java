package io.plumbline.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import io.plumbline.events.backups.BackupFailed;
import io.plumbline.events.backups.BackupManifest;
import org.springframework.stereotype.Component;

/**
 * Proves a backup restores: checks the file's SHA-256, restores it into the scratch schema with the standard client,
 * dumps the scratch schema again and compares rows and row checksums per table with the manifest.
 */
@Component
class Verifier {

    private final BackupProperties properties;

    Verifier(BackupProperties properties) {
        this.properties = properties;
    }

    void verify(Path file, BackupManifest manifest) throws BackupException {
        checkSha256(file, manifest);
        String scratch = properties.verifySchema();
        sql("DROP DATABASE IF EXISTS `" + scratch + "`", "CREATE DATABASE `" + scratch + "` CHARACTER SET utf8mb4");
        try {
            restore(file, scratch);
            DumpDigest restored = redump(scratch);
            if (!restored.rowCounts().equals(manifest.tableRowCounts())) {
                throw new BackupException("VERIFY", BackupFailed.Reason.VERIFY_MISMATCH, "row counts after restore "
                        + restored.rowCounts() + " differ from the manifest " + manifest.tableRowCounts());
            }
            if (!restored.checksums().equals(manifest.tableChecksums())) {
                throw new BackupException("VERIFY", BackupFailed.Reason.VERIFY_MISMATCH, "table contents after restore differ "
                        + "from the manifest");
            }
        } finally {
            try {
                sql("DROP DATABASE IF EXISTS `" + scratch + "`");
            } catch (BackupException ignored) {
                // the next verification drops it first
            }
        }
    }

    private static void checkSha256(Path file, BackupManifest manifest) throws BackupException {
        MessageDigest sha = BackupJob.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new BackupException("VERIFY", BackupFailed.Reason.CHECKSUM_MISMATCH, "cannot read " + file + ": " + e.getMessage());
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(manifest.sha256())) {
            throw new BackupException("VERIFY", BackupFailed.Reason.CHECKSUM_MISMATCH, file.getFileName() + " has SHA-256 " + actual
                    + ", the manifest says " + manifest.sha256() + ": the file is corrupted");
        }
    }

    private void restore(Path file, String scratch) throws BackupException {
        Process p = start(List.of(properties.clientCommand(), "--host=" + properties.host(), "--port=" + properties.port(),
                "--user=" + properties.username(), "--protocol=TCP", "--default-character-set=utf8mb4", scratch));
        StringBuilder stderr = new StringBuilder();
        Thread errors = drain(p.getErrorStream(), stderr);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 64 * 1024); OutputStream out = p.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            p.destroyForcibly();
            throw new BackupException("VERIFY", BackupFailed.Reason.CHECKSUM_MISMATCH, "cannot decompress or restore "
                    + file.getFileName() + ": " + e.getMessage());
        }
        await(p, errors, stderr, "restore");
    }

    private DumpDigest redump(String scratch) throws BackupException {
        Process p = start(List.of(properties.dumpCommand(), "--host=" + properties.host(), "--port=" + properties.port(),
                "--user=" + properties.username(), "--protocol=TCP", "--single-transaction", "--quick", "--hex-blob",
                "--default-character-set=utf8mb4", "--skip-tz-utc", "--no-tablespaces", scratch));
        StringBuilder stderr = new StringBuilder();
        Thread errors = drain(p.getErrorStream(), stderr);
        DumpDigest digest = new DumpDigest();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8), 1 << 20)) {
            String line;
            while ((line = in.readLine()) != null) {
                digest.line(line);
            }
        } catch (IOException e) {
            p.destroyForcibly();
            throw new BackupException("VERIFY", BackupFailed.Reason.VERIFY_MISMATCH, "re-dump failed: " + e.getMessage());
        }
        await(p, errors, stderr, "re-dump");
        return digest;
    }

    private Process start(List<String> command) throws BackupException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("MYSQL_PWD", properties.password());
        try {
            return pb.start();
        } catch (IOException e) {
            throw new BackupException("VERIFY", BackupFailed.Reason.DUMP_TOOL_FAILED, "cannot run " + command.get(0) + ": " + e.getMessage());
        }
    }

    private void await(Process p, Thread errors, StringBuilder stderr, String what) throws BackupException {
        try {
            if (!p.waitFor(properties.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new BackupException("VERIFY", BackupFailed.Reason.VERIFY_MISMATCH, what + " did not finish in time");
            }
            errors.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("VERIFY", BackupFailed.Reason.UNKNOWN, "interrupted");
        }
        if (p.exitValue() != 0) {
            throw new BackupException("VERIFY", BackupFailed.Reason.VERIFY_MISMATCH, what + " failed: " + stderr.toString().trim());
        }
    }

    private void sql(String... statements) throws BackupException {
        String url = "jdbc:mysql://" + properties.host() + ":" + properties.port()
                + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000";
        try (Connection c = DriverManager.getConnection(url, properties.username(), properties.password()); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new BackupException("VERIFY", BackupFailed.Reason.DATABASE_UNREACHABLE, "scratch schema: " + e.getMessage());
        }
    }

    private static Thread drain(InputStream stream, StringBuilder into) {
        Thread t = new Thread(() -> {
            try {
                into.append(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // process gone
            }
        }, "verify-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
