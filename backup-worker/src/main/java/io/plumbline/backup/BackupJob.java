package io.plumbline.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.Topics;
import io.plumbline.events.backups.BackupFailed;
import io.plumbline.events.backups.BackupManifest;
import io.plumbline.events.backups.BackupStarted;
import io.plumbline.events.backups.BackupSucceeded;
import io.plumbline.events.backups.BackupVerified;
import io.plumbline.events.kafka.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One backup run: lock, checks, dump → gzip → SHA-256 to a temporary name, rename, manifest, verify, retention, and
 * an event for every outcome. A failure leaves no partial file behind.
 */
@Component
public class BackupJob {

    private static final Logger log = LoggerFactory.getLogger(BackupJob.class);
    static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private final BackupProperties properties;
    private final EventPublisher events;
    private final Verifier verifier;
    private final Retention retention;
    private final Clock clock;
    private final MeterRegistry meters;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private final java.util.concurrent.atomic.AtomicLong lastSuccess = new java.util.concurrent.atomic.AtomicLong();

    BackupJob(BackupProperties properties, EventPublisher events, Verifier verifier, Retention retention, Clock clock,
            MeterRegistry meters) {
        this.properties = properties;
        this.events = events;
        this.verifier = verifier;
        this.retention = retention;
        this.clock = clock;
        this.meters = meters;
        meters.gauge("plumbline.backup.last_success_timestamp_seconds", lastSuccess);
    }

    /** Runs one backup. Never throws: the outcome says what happened (and was published). */
    public Outcome run(String trigger) {
        Instant started = clock.instant();
        String id = "plumbing_db_" + NAME.format(started);
        Path target = properties.target();
        try {
            checkTarget(target);
        } catch (BackupException e) {
            return fail(id, e);
        }
        try (FileChannel lockFile = FileChannel.open(target.resolve(".backup.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = tryLock(lockFile)) {
            if (lock == null) {
                return fail(id, new BackupException("DUMP", BackupFailed.Reason.ALREADY_RUNNING,
                        "another backup is running on " + target + " (concurrencyPolicy: Forbid)"));
            }
            publish(id, new BackupStarted(id, properties.database(), target.toString(), trigger, started));
            log.info("backup {} of {} started ({})", id, properties.database(), trigger);
            BackupManifest manifest = dump(id, target);
            publish(id + "/succeeded", new BackupSucceeded(id, manifest, clock.instant()));
            lastSuccess.set(clock.instant().getEpochSecond());
            log.info("backup {} written: {} bytes, {} tables, sha256 {}", id, manifest.sizeBytes(), manifest.tableRowCounts().size(),
                    manifest.sha256());
            boolean verified = false;
            if (properties.verify()) {
                Instant v0 = clock.instant();
                verifier.verify(target.resolve(manifest.file()), manifest);
                verified = true;
                Files.writeString(target.resolve(id + ".verified"), clock.instant().toString());
                publish(id + "/verified", new BackupVerified(id, manifest.file(), manifest.tableRowCounts().size(),
                        Duration.between(v0, clock.instant()), clock.instant()));
                log.info("backup {} verified by restore into {}", id, properties.verifySchema());
            }
            retention.prune(id).ifPresent(pruned -> publish(id + "/pruned", pruned));
            return new Outcome(id, true, verified, null);
        } catch (BackupException e) {
            return fail(id, e);
        } catch (IOException e) {
            return fail(id, new BackupException("DUMP", reasonOf(e), e.getMessage()));
        }
    }

    /** The lock, or null when another run (another process, or another thread of this one) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return null;
        }
    }

    private void checkTarget(Path target) throws BackupException {
        if (!Files.isDirectory(target)) {
            throw new BackupException("DUMP", BackupFailed.Reason.TARGET_MISSING, "backup directory " + target + " does not exist "
                    + "(is the NFS volume mounted?)");
        }
        if (!Files.isWritable(target)) {
            throw new BackupException("DUMP", BackupFailed.Reason.PERMISSION_DENIED, "backup directory " + target + " is not writable");
        }
        try {
            long free = Files.getFileStore(target).getUsableSpace();
            if (free < properties.minFreeSpace().toBytes()) {
                throw new BackupException("DUMP", BackupFailed.Reason.DISK_FULL, "only " + free / (1024 * 1024) + " MB free on "
                        + target + " (plumbline.backup.min-free-space=" + properties.minFreeSpace() + ")");
            }
        } catch (IOException e) {
            throw new BackupException("DUMP", reasonOf(e), e.getMessage());
        }
    }

    /** The dump tool's command line: a consistent snapshot with the binlog/GTID position, no password on it. */
    static List<String> dumpCommand(BackupProperties properties) {
        List<String> command = new ArrayList<>(List.of(properties.dumpCommand(), "--host=" + properties.host(),
                "--port=" + properties.port(), "--user=" + properties.username(), "--protocol=TCP",
                "--single-transaction", "--quick", "--routines", "--triggers", "--events"));
        command.addAll(properties.flavour().positionOptions());
        command.addAll(List.of("--hex-blob", "--default-character-set=utf8mb4", "--skip-tz-utc", "--no-tablespaces",
                properties.database()));
        return command;
    }

    /** Streams the dump through the digest reader, gzip and SHA-256 into {@code <id>.sql.gz.partial}, then renames it. */
    private BackupManifest dump(String id, Path target) throws BackupException, IOException {
        Instant started = clock.instant(); // the manifest's duration is the dump's own: tool start → file in place
        Path partial = target.resolve(id + ".sql.gz.partial");
        Path file = target.resolve(id + ".sql.gz");
        ProcessBuilder pb = new ProcessBuilder(dumpCommand(properties)).redirectError(ProcessBuilder.Redirect.PIPE);
        pb.environment().put("MYSQL_PWD", properties.password()); // not on the command line, where ps would show it
        DumpDigest digest = new DumpDigest();
        MessageDigest sha = sha256();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new BackupException("DUMP", BackupFailed.Reason.DUMP_TOOL_FAILED, "cannot run " + properties.dumpCommand()
                    + " (plumbline.backup.dump-command): " + e.getMessage());
        }
        StringBuilder stderr = new StringBuilder();
        Thread errors = drain(process.getErrorStream(), stderr);
        // the dump's bytes go to gzip + SHA-256 on this thread and, line by line, to the digest on another
        try (OutputStream out = new GZIPOutputStream(new DigestOutputStream(Files.newOutputStream(partial), sha), 64 * 1024);
                InputStream in = process.getInputStream();
                LineFeeder feeder = new LineFeeder(digest::line, "backup-digest-" + id)) {
            byte[] buffer = new byte[256 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                feeder.feed(buffer, n);
                out.write(buffer, 0, n);
            }
            feeder.finish();
        } catch (IOException | IllegalStateException e) {
            process.destroyForcibly();
            deleteQuietly(partial);
            throw new BackupException("DUMP", e instanceof IOException io ? reasonOf(io) : BackupFailed.Reason.UNKNOWN,
                    "writing " + partial + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            deleteQuietly(partial);
            throw new BackupException("DUMP", BackupFailed.Reason.UNKNOWN, "interrupted");
        }
        try {
            if (!process.waitFor(properties.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                deleteQuietly(partial);
                throw new BackupException("DUMP", BackupFailed.Reason.DUMP_TOOL_FAILED, "dump did not finish within " + properties.timeout());
            }
            errors.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            deleteQuietly(partial);
            throw new BackupException("DUMP", BackupFailed.Reason.UNKNOWN, "interrupted");
        }
        if (process.exitValue() != 0 || !digest.complete()) {
            deleteQuietly(partial);
            String message = stderr.toString().trim();
            BackupFailed.Reason reason = message.contains("Can't connect") || message.contains("Access denied")
                    || message.contains("Lost connection") || message.contains("Unknown MySQL server host")
                    ? BackupFailed.Reason.DATABASE_UNREACHABLE : BackupFailed.Reason.DUMP_TOOL_FAILED;
            throw new BackupException("DUMP", reason, properties.dumpCommand() + " exited with " + process.exitValue()
                    + (message.isEmpty() ? "" : ": " + message));
        }
        try (var channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        BackupManifest manifest = new BackupManifest(file.getFileName().toString(), Files.size(file),
                HexFormat.of().formatHex(sha.digest()), properties.database(), digest.gtid(), digest.binlogFile(),
                digest.binlogPosition(), Duration.between(started, clock.instant()), digest.rowCounts(), digest.checksums(),
                toolVersion());
        Path manifestFile = target.resolve(id + ".manifest.json");
        Path manifestPartial = target.resolve(id + ".manifest.json.partial");
        Files.write(manifestPartial, json.writeValueAsBytes(manifest));
        Files.move(manifestPartial, manifestFile, StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }

    private String toolVersion() {
        try {
            Process p = new ProcessBuilder(properties.dumpCommand(), "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return version;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private Outcome fail(String id, BackupException e) {
        log.error("backup {} failed at {}: {} — {}", id, e.stage(), e.reason(), e.getMessage());
        meters.counter("plumbline.backup.failures", "reason", e.reason().name()).increment();
        try {
            publish(id + "/failed/" + e.stage(), new BackupFailed(id, e.stage(), e.reason(), e.getMessage(), clock.instant()));
        } catch (RuntimeException publishFailure) {
            log.error("could not publish BackupFailed for {}: {}", id, publishFailure.getMessage());
        }
        return new Outcome(id, false, false, e.reason());
    }

    private void publish(String eventKey, io.plumbline.events.EventPayload payload) {
        // deterministic ids: a retried run of the same backup does not count twice downstream
        String eventId = java.util.UUID.nameUUIDFromBytes(("backup-worker/" + eventKey + "/" + payload.getClass().getSimpleName())
                .getBytes(StandardCharsets.UTF_8)).toString();
        events.publishAndWait(Topics.BACKUPS, eventId, payload, clock.instant(), Duration.ofSeconds(30));
    }

    static BackupFailed.Reason reasonOf(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof AccessDeniedException || message.contains("Permission denied") || message.contains("Read-only file system")) {
            return BackupFailed.Reason.PERMISSION_DENIED;
        }
        if (message.contains("No space left") || message.contains("Disk quota")) {
            return BackupFailed.Reason.DISK_FULL;
        }
        if (e instanceof NoSuchFileException) {
            return BackupFailed.Reason.TARGET_MISSING;
        }
        return e instanceof FileSystemException ? BackupFailed.Reason.PERMISSION_DENIED : BackupFailed.Reason.UNKNOWN;
    }

    private static Thread drain(InputStream stream, StringBuilder into) {
        Thread t = new Thread(() -> {
            try {
                into.append(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // process gone
            }
        }, "dump-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param failure null when the backup succeeded */
    public record Outcome(String backupId, boolean succeeded, boolean verified, BackupFailed.Reason failure) {

        /** 0 ok, 1 failed, 2 written but not verified, 3 another run holds the lock. */
        public int exitCode() {
            if (failure == BackupFailed.Reason.ALREADY_RUNNING) {
                return 3;
            }
            if (failure == BackupFailed.Reason.VERIFY_MISMATCH || failure == BackupFailed.Reason.CHECKSUM_MISMATCH) {
                return 2;
            }
            return succeeded ? 0 : 1;
        }
    }
}
