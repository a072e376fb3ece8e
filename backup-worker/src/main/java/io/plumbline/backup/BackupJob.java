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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.EventPayload;
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
    private final EventPublisher publisher;
    private final Verifier verifier;
    private final Retention retention;
    private final Clock clock;
    private final MeterRegistry meters;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private final java.util.concurrent.atomic.AtomicLong lastSuccess = new java.util.concurrent.atomic.AtomicLong();

    BackupJob(BackupProperties properties, EventPublisher events, Verifier verifier, Retention retention, Clock clock,
            MeterRegistry meters) {
        this.properties = properties;
        this.publisher = events;
        this.verifier = verifier;
        this.retention = retention;
        this.clock = clock;
        this.meters = meters;
        meters.gauge("plumbline.backup.last_success_timestamp_seconds", lastSuccess);
    }

    /**
     * Runs one backup. Never throws: the outcome says what happened, and so do the log and the events. Events are
     * secondary to the backup: a broker that is down costs no backup (see {@link RunEvents}).
     */
    public Outcome run(String trigger) {
        Instant started = clock.instant();
        String id = "plumbing_db_" + NAME.format(started);
        Path target = properties.target();
        RunEvents events = new RunEvents(id);
        boolean written = false;
        boolean verified = false;
        String stage = "DUMP";
        BackupException failure = null;
        try {
            checkTarget(target);
            try (FileChannel lockFile = FileChannel.open(target.resolve(".backup.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = tryLock(lockFile)) {
                if (lock == null) {
                    throw new BackupException("DUMP", BackupFailed.Reason.ALREADY_RUNNING,
                            "another backup is running on " + target + " (concurrencyPolicy: Forbid)");
                }
                removeStalePartials(target, Instant.now()); // wall clock: compared with file times
                events.publish(id, new BackupStarted(id, properties.database(), target.toString(), trigger, started));
                log.info("backup {} of {} started ({})", id, properties.database(), trigger);
                BackupManifest manifest = dump(id, target);
                written = true;
                lastSuccess.set(clock.instant().getEpochSecond());
                events.publish(id + "/succeeded", new BackupSucceeded(id, manifest, clock.instant()));
                log.info("backup {} written: {} bytes, {} tables, sha256 {}", id, manifest.sizeBytes(),
                        manifest.tableRowCounts().size(), manifest.sha256());
                if (properties.verify().enabled()) {
                    stage = "VERIFY";
                    Instant v0 = clock.instant();
                    verifier.verify(target.resolve(manifest.file()), manifest);
                    markVerified(target, id);
                    verified = true;
                    events.publish(id + "/verified", new BackupVerified(id, manifest.file(), manifest.tableRowCounts().size(),
                            Duration.between(v0, clock.instant()), clock.instant()));
                    log.info("backup {} verified by restore into {} on {}", id, properties.verify().schema(),
                            properties.verifyTarget());
                }
                stage = "RETENTION";
                prune(id, events);
            }
        } catch (BackupException e) {
            failure = e;
        } catch (IOException | RuntimeException e) {
            failure = new BackupException(stage, e instanceof IOException io ? reasonOf(io) : BackupFailed.Reason.UNKNOWN,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (failure != null) {
            fail(id, failure, events);
        }
        int undelivered = events.flush();
        Outcome outcome = new Outcome(id, written, verified, failure == null ? null : failure.reason(),
                failure == null ? null : failure.stage(), undelivered);
        log.info("backup {} done: written={}, verified={}, failure={}, undelivered events={}, exit code {}", id, written, verified,
                failure == null ? "none" : failure.stage() + "/" + failure.reason(), undelivered, outcome.exitCode());
        return outcome;
    }

    private void markVerified(Path target, String id) throws BackupException {
        try {
            Files.writeString(target.resolve(id + ".verified"), clock.instant().toString());
        } catch (IOException e) {
            throw new BackupException("VERIFY", reasonOf(e), "verified, but the marker " + id + ".verified (which keeps retention "
                    + "from deleting the newest verified backup) cannot be written: " + e.getMessage());
        }
    }

    /** Retention after a good backup: its I/O errors fail the RETENTION stage, never the backup just written. */
    private void prune(String id, RunEvents events) throws BackupException {
        try {
            retention.prune(id).ifPresent(pruned -> events.publish(id + "/pruned", pruned));
        } catch (Retention.PartlyPruned e) {
            e.pruned().ifPresent(pruned -> events.publish(id + "/pruned", pruned));
            throw new BackupException("RETENTION", reasonOf(e.first()), e.getMessage());
        } catch (IOException e) {
            throw new BackupException("RETENTION", reasonOf(e), "retention: " + e.getMessage());
        }
    }

    /**
     * The partial files of a run that was killed. The lock is ours, so no run is writing any of them (a killed run's
     * lock died with its process); to be sure, only files older than the moment the lock was taken go.
     */
    private static void removeStalePartials(Path target, Instant lockedAt) throws IOException {
        List<Path> stale;
        try (Stream<Path> files = Files.list(target)) {
            stale = files.filter(f -> PARTIAL.matcher(f.getFileName().toString()).matches()).toList();
        }
        for (Path f : stale) {
            try {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(lockedAt)) {
                    Files.deleteIfExists(f);
                    log.warn("removed {}, left behind by an interrupted run", f.getFileName());
                }
            } catch (IOException e) {
                log.warn("cannot remove {} left by an interrupted run: {}", f.getFileName(), e.getMessage());
            }
        }
    }

    private static final java.util.regex.Pattern PARTIAL =
            java.util.regex.Pattern.compile("plumbing_db_\\d{8}_\\d{6}\\.(sql\\.gz|manifest\\.json)\\.partial");

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
        Path manifestFile = target.resolve(id + ".manifest.json");
        Path manifestPartial = target.resolve(id + ".manifest.json.partial");
        try {
            try (var channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            BackupManifest manifest = new BackupManifest(file.getFileName().toString(), Files.size(file),
                    HexFormat.of().formatHex(sha.digest()), properties.database(), digest.gtid(), digest.binlogFile(),
                    digest.binlogPosition(), Duration.between(started, clock.instant()), digest.rowCounts(), digest.checksums(),
                    toolVersion());
            Files.write(manifestPartial, json.writeValueAsBytes(manifest));
            Files.move(manifestPartial, manifestFile, StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } catch (IOException e) {
            // a dump without its manifest cannot be verified or trusted: nothing new stays
            for (Path f : List.of(partial, file, manifestPartial, manifestFile)) {
                deleteQuietly(f);
            }
            throw new BackupException("DUMP", reasonOf(e), "finishing " + file.getFileName() + ": " + e.getMessage());
        }
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

    private void fail(String id, BackupException e, RunEvents events) {
        log.error("backup {} failed at {}: {} — {}", id, e.stage(), e.reason(), e.getMessage());
        meters.counter("plumbline.backup.failures", "reason", e.reason().name(), "stage", e.stage()).increment();
        events.publish(id + "/failed/" + e.stage(), new BackupFailed(id, e.stage(), e.reason(), e.getMessage(), clock.instant()));
    }

    /**
     * The events of one run, in order. The backup matters more than its events: once a publish fails (broker down,
     * topic missing), the rest are not tried one by one (each would wait {@code max.block.ms}) but kept, and at the end
     * of the run every kept event is tried once more, in order (their ids are deterministic, so a repeat is
     * de-duplicated downstream). What still is not delivered is logged in full and makes the exit code 5.
     */
    private final class RunEvents {

        private final String backupId;
        private final List<Map.Entry<String, EventPayload>> waiting = new ArrayList<>();

        RunEvents(String backupId) {
            this.backupId = backupId;
        }

        void publish(String eventKey, EventPayload payload) {
            if (waiting.isEmpty() && tryPublish(eventKey, payload)) {
                return;
            }
            waiting.add(Map.entry(eventKey, payload));
        }

        /** Tries the kept events once more; the number still not delivered. */
        int flush() {
            if (waiting.isEmpty()) {
                return 0;
            }
            log.warn("backup {}: retrying {} event(s) the broker did not take", backupId, waiting.size());
            for (var it = waiting.iterator(); it.hasNext(); ) {
                var event = it.next();
                if (!tryPublish(event.getKey(), event.getValue())) {
                    break;
                }
                it.remove();
            }
            for (var event : waiting) {
                log.error("backup {}: event {} not delivered to {}: {}", backupId, event.getValue().getClass().getSimpleName(),
                        Topics.BACKUPS.name(), event.getValue());
            }
            meters.counter("plumbline.backup.events.undelivered").increment(waiting.size());
            return waiting.size();
        }

        private boolean tryPublish(String eventKey, EventPayload payload) {
            try {
                send(eventKey, payload);
                return true;
            } catch (RuntimeException e) {
                Throwable cause = org.springframework.core.NestedExceptionUtils.getMostSpecificCause(e);
                log.warn("backup {}: cannot publish {} to {}: {}", backupId, payload.getClass().getSimpleName(), Topics.BACKUPS.name(),
                        cause == e ? e.getMessage() : e.getMessage() + " (" + cause.getMessage() + ")");
                return false;
            }
        }
    }

    private void send(String eventKey, EventPayload payload) {
        // deterministic ids: a retried run of the same backup does not count twice downstream
        String eventId = java.util.UUID.nameUUIDFromBytes(("backup-worker/" + eventKey + "/" + payload.getClass().getSimpleName())
                .getBytes(StandardCharsets.UTF_8)).toString();
        publisher.publishAndWait(Topics.BACKUPS, eventId, payload, clock.instant(), Duration.ofSeconds(30));
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

    /**
     * @param written           the backup file and its manifest are in the target directory
     * @param verified          …and a restore of it matched the manifest
     * @param failure           null when no stage failed
     * @param failedStage       {@code DUMP}, {@code VERIFY} or {@code RETENTION}; null when none failed
     * @param undeliveredEvents events the broker did not take, even when retried at the end of the run
     */
    public record Outcome(String backupId, boolean written, boolean verified, BackupFailed.Reason failure, String failedStage,
            int undeliveredEvents) {

        /**
         * The process exit code, the most serious first: 3 another run holds the lock, 1 failed (nothing new written),
         * 2 written but not verified (verification failed or could not run), 4 written and verified but retention
         * failed, 5 all done but events undelivered, 0 all done.
         */
        public int exitCode() {
            if (failure == BackupFailed.Reason.ALREADY_RUNNING) {
                return 3;
            }
            if (!written) {
                return 1;
            }
            if ("VERIFY".equals(failedStage)) {
                return 2;
            }
            if ("RETENTION".equals(failedStage)) {
                return 4;
            }
            return undeliveredEvents > 0 ? 5 : 0;
        }
    }
}
