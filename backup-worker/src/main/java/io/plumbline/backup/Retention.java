package io.plumbline.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.plumbline.events.backups.BackupsPruned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes backups older than {@code retention}, but keeps at least {@code min-keep} and never the newest verified
 * backup. Every deletion is logged and reported.
 */
@Component
class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final BackupProperties properties;
    private final Clock clock;

    Retention(BackupProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    Optional<BackupsPruned> prune(String currentBackupId) throws IOException {
        Path target = properties.target();
        List<Backup> backups;
        try (Stream<Path> files = Files.list(target)) {
            backups = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("plumbing_db_\\d{8}_\\d{6}\\.sql\\.gz"))
                    .map(n -> n.substring(0, n.length() - ".sql.gz".length()))
                    .map(id -> new Backup(id, takenAt(id), Files.exists(target.resolve(id + ".verified"))))
                    .filter(b -> b.takenAt() != null)
                    .sorted(Comparator.comparing(Backup::takenAt).reversed()).toList();
        }
        Optional<String> newestVerified = backups.stream().filter(Backup::verified).map(Backup::id).findFirst();
        Instant cutoff = clock.instant().minus(properties.retention());
        List<String> deleted = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        IOException first = null;
        for (int i = properties.minKeep(); i < backups.size(); i++) {
            Backup b = backups.get(i);
            if (b.takenAt().isBefore(cutoff) && !newestVerified.map(b.id()::equals).orElse(false)) {
                try {
                    // the backup file first: a manifest without its file is harmless, a file without its manifest is not
                    for (String suffix : List.of(".sql.gz", ".manifest.json", ".verified")) {
                        Files.deleteIfExists(target.resolve(b.id() + suffix));
                    }
                    log.info("retention: deleted {} (taken {}, older than {})", b.id(), b.takenAt(), properties.retention());
                    deleted.add(b.id() + ".sql.gz");
                } catch (IOException e) {
                    log.error("retention: cannot delete {}: {}", b.id(), e.toString());
                    errors.add(b.id() + ": " + e);
                    first = first == null ? e : first;
                }
            }
        }
        Optional<BackupsPruned> pruned = deleted.isEmpty() ? Optional.empty()
                : Optional.of(new BackupsPruned(currentBackupId, deleted, backups.size() - deleted.size(), clock.instant()));
        if (!errors.isEmpty()) {
            throw new PartlyPruned(pruned, "retention could not delete " + String.join("; ", errors), first);
        }
        return pruned;
    }

    /** Some due backups could not be deleted; {@link #pruned()} reports those that were. */
    static final class PartlyPruned extends IOException {

        private final transient Optional<BackupsPruned> pruned;

        PartlyPruned(Optional<BackupsPruned> pruned, String message, IOException cause) {
            super(message, cause);
            this.pruned = pruned;
        }

        Optional<BackupsPruned> pruned() {
            return pruned;
        }

        /** The first deletion's error, for its reason. */
        IOException first() {
            return (IOException) getCause();
        }
    }

    private static Instant takenAt(String id) {
        try {
            return Instant.from(BackupJob.NAME.parse(id.substring("plumbing_db_".length())));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private record Backup(String id, Instant takenAt, boolean verified) {
    }
}
