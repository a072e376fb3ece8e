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
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;

import io.plumbline.events.backups.BackupFailed;
import io.plumbline.backup.BackupProperties.Server;
import io.plumbline.events.backups.BackupManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Proves a backup restores: checks the file's SHA-256, restores it into the scratch schema of the verification server
 * ({@code plumbline.backup.verify.*}: a scratch server, or the source) with the standard client, dumps the scratch
 * schema again and compares rows and row checksums per table with the manifest.
 */
@Component
class Verifier {

    private static final Logger log = LoggerFactory.getLogger(Verifier.class);

    private final BackupProperties properties;
    private final AtomicBoolean toldBinlogged = new AtomicBoolean();

    Verifier(BackupProperties properties) {
        this.properties = properties;
    }

    void verify(Path file, BackupManifest manifest) throws BackupException {
        checkSha256(file, manifest);
        Server server = properties.verifyTarget();
        String scratch = properties.verify().schema();
        // on the source server the restore would otherwise be binlogged: replicated, and in the PITR binlogs
        boolean unlogged = properties.verifiesOnSource() && mayStopBinlog(server);
        sql(server, unlogged, "DROP DATABASE IF EXISTS `" + scratch + "`", "CREATE DATABASE `" + scratch + "` CHARACTER SET utf8mb4");
        try {
            restore(server, unlogged, file, scratch);
            DumpDigest restored = redump(server, scratch);
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
                sql(server, unlogged, "DROP DATABASE IF EXISTS `" + scratch + "`");
            } catch (BackupException ignored) {
                // the next verification drops it first
            }
        }
    }

    /**
     * Whether this account may {@code SET SESSION sql_log_bin=0}. The shipped {@code backup} account may not: on MariaDB
     * that takes BINLOG ADMIN, which also allows {@code PURGE BINARY LOGS} (the binlogs point-in-time recovery replays),
     * so it is not granted and the scratch restore on the source is binlogged. A separate scratch server avoids both.
     */
    private boolean mayStopBinlog(Server server) throws BackupException {
        try (Connection c = connect(server); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin=0");
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() != ER_SPECIFIC_ACCESS_DENIED) {
                throw failure(server, "scratch schema", e);
            }
            if (!toldBinlogged.getAndSet(true)) {
                log.info("verification restores into the source server {} with binlogging on (it replicates, and PITR replays "
                        + "of this window include it): {} may not SET sql_log_bin (BINLOG ADMIN / SESSION_VARIABLES_ADMIN, not "
                        + "granted); set plumbline.backup.verify.host to a scratch server to keep it off the source", server,
                        server.username());
            }
            return false;
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

    private void restore(Server server, boolean unlogged, Path file, String scratch) throws BackupException {
        List<String> command = new ArrayList<>(List.of(properties.clientCommand(), "--host=" + server.host(),
                "--port=" + server.port(), "--user=" + server.username(), "--protocol=TCP", "--default-character-set=utf8mb4"));
        if (unlogged) {
            command.add("--init-command=SET SESSION sql_log_bin=0");
        }
        command.add(scratch);
        Process p = start(command, server);
        StringBuilder stderr = new StringBuilder();
        Thread errors = drain(p.getErrorStream(), stderr);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 64 * 1024); OutputStream out = p.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // either the file does not decompress, or the client quit on an error of its own (read-only, unreachable…)
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
                errors.join(5_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            BackupException client = toolFailure(server, "restore", stderr.toString().trim());
            if (client.reason() != BackupFailed.Reason.VERIFY_MISMATCH) {
                throw client;
            }
            throw new BackupException("VERIFY", BackupFailed.Reason.CHECKSUM_MISMATCH, "cannot decompress or restore "
                    + file.getFileName() + ": " + e.getMessage());
        }
        await(p, errors, stderr, "restore", server);
    }

    private DumpDigest redump(Server server, String scratch) throws BackupException {
        Process p = start(List.of(properties.dumpCommand(), "--host=" + server.host(), "--port=" + server.port(),
                "--user=" + server.username(), "--protocol=TCP", "--single-transaction", "--quick", "--hex-blob",
                "--default-character-set=utf8mb4", "--skip-tz-utc", "--no-tablespaces", scratch), server);
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
        await(p, errors, stderr, "re-dump", server);
        return digest;
    }

    private Process start(List<String> command, Server server) throws BackupException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("MYSQL_PWD", server.password()); // not on the command line, where ps would show it
        try {
            return pb.start();
        } catch (IOException e) {
            throw new BackupException("VERIFY", BackupFailed.Reason.DUMP_TOOL_FAILED, "cannot run " + command.get(0) + ": " + e.getMessage());
        }
    }

    /** Waits for a client tool; a non-zero exit is classified from its stderr. */
    private void await(Process p, Thread errors, StringBuilder stderr, String what, Server server) throws BackupException {
        try {
            if (!p.waitFor(properties.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new BackupException("VERIFY", BackupFailed.Reason.VERIFY_MISMATCH, what + " did not finish within "
                        + properties.timeout());
            }
            errors.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("VERIFY", BackupFailed.Reason.UNKNOWN, "interrupted");
        }
        if (p.exitValue() != 0) {
            throw toolFailure(server, what, stderr.toString().trim());
        }
    }

    /** A client tool's error: the scratch server's state (read-only, unreachable, denied), else the backup does not restore. */
    static BackupException toolFailure(Server server, String what, String stderr) {
        if (isReadOnly(stderr, 0)) {
            return readOnly(server, stderr);
        }
        if (stderr.matches("(?s).*ERROR 20(02|03|05|13|26).*") || stderr.contains("Can't connect") || stderr.contains("Lost connection")
                || stderr.contains("Unknown server host") || stderr.contains("Unknown MySQL server host")) {
            return unreachable(server, what, stderr);
        }
        if (stderr.matches("(?s).*ERROR 1(044|045|142|227|370) .*") || stderr.contains("Access denied")) {
            return denied(server, what, stderr);
        }
        return new BackupException("VERIFY", BackupFailed.Reason.VERIFY_MISMATCH, what + " failed: " + stderr);
    }

    private static BackupException unreachable(Server server, String what, String detail) {
        return new BackupException("VERIFY", BackupFailed.Reason.DATABASE_UNREACHABLE, "verification database " + server
                + " is unreachable (" + what + "): " + detail);
    }

    private static BackupException denied(Server server, String what, String detail) {
        return new BackupException("VERIFY", BackupFailed.Reason.PERMISSION_DENIED, "verification database " + server + " refused "
                + what + " (the account needs all privileges on the scratch schema): " + detail);
    }

    private static BackupException failure(Server server, String what, SQLException e) {
        String detail = e.getMessage();
        if (isReadOnly(detail, e.getErrorCode())) {
            return readOnly(server, detail);
        }
        int code = e.getErrorCode();
        if (code == 1044 || code == 1045 || code == 1142 || code == ER_SPECIFIC_ACCESS_DENIED || code == 1370) {
            return denied(server, what, detail);
        }
        if (e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || String.valueOf(e.getSQLState()).startsWith("08")) {
            return unreachable(server, what, detail);
        }
        return new BackupException("VERIFY", BackupFailed.Reason.UNKNOWN, "verification database " + server + ", " + what + ": " + detail);
    }

    /** MariaDB's {@code --read-only}, MySQL's {@code --super-read-only} (1290), InnoDB read-only mode (1836). */
    private static boolean isReadOnly(String message, int errorCode) {
        return errorCode == 1290 || errorCode == 1836 || message.contains("ERROR 1290") || message.contains("ERROR 1836")
                || message.contains("read-only option") || message.contains("read-only mode");
    }

    private static BackupException readOnly(Server server, String detail) {
        // no reason of its own in BackupFailed.Reason yet: PERMISSION_DENIED, with the message saying which and why
        return new BackupException("VERIFY", BackupFailed.Reason.PERMISSION_DENIED, "verification database " + server
                + " is read-only (read_only/super_read_only, e.g. a replica) and cannot take the scratch restore: set "
                + "plumbline.backup.verify.host/port to a writable scratch server. The backup itself was written. (" + detail + ")");
    }

    private static Connection connect(Server server) throws SQLException {
        String url = "jdbc:mysql://" + server.host() + ":" + server.port()
                + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectTimeout=5000";
        return DriverManager.getConnection(url, server.username(), server.password());
    }

    private static void sql(Server server, boolean unlogged, String... statements) throws BackupException {
        try (Connection c = connect(server); Statement s = c.createStatement()) {
            if (unlogged) {
                s.execute("SET SESSION sql_log_bin=0");
            }
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw failure(server, "scratch schema", e);
        }
    }

    private static final int ER_SPECIFIC_ACCESS_DENIED = 1227;

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
