package io.plumbline.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.plumbline.events.EventCodec;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.Topics;
import io.plumbline.events.backups.BackupFailed;
import io.plumbline.events.backups.BackupManifest;
import io.plumbline.events.backups.BackupSucceeded;
import io.plumbline.events.backups.BackupVerified;
import io.plumbline.localstack.infra.Credentials;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.MariaDbServer;
import io.plumbline.localstack.infra.Ports;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.testing.PlumblineStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * backup-worker against the real MariaDB primary (its own mariadb-dump and mariadb client), the real broker and, for
 * verification on a server of its own, a separate scratch MariaDB server.
 */
@SpringBootTest(properties = "plumbline.backup.mode=scheduled")
@ExtendWith({PlumblineStack.class, OutputCaptureExtension.class})
class BackupJobTest {

    static Path target;
    static MariaDbServer scratch;
    static final Credentials SCRATCH = new Credentials("scratch", "scratch-" + UUID.randomUUID());

    @Autowired
    BackupJob job;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws IOException {
        target = Files.createTempDirectory("backups");
        properties().forEach((k, v) -> registry.add(k, () -> v));
    }

    static Map<String, String> properties() {
        Map<String, String> p = new HashMap<>(PlumblineStack.properties(ServiceDefinition.BACKUP_WORKER));
        Path bin = PlumblineStack.embedded().databases().primary().binDir();
        p.put("plumbline.backup.dump-command", bin.resolve("mariadb-dump").toString());
        p.put("plumbline.backup.client-command", bin.resolve("mariadb").toString());
        p.put("plumbline.backup.target", target.toString());
        p.put("plumbline.backup.min-free-space", "1MB");
        return p;
    }

    @BeforeAll
    static void someBookings() throws Exception {
        EmbeddedInfrastructure infra = PlumblineStack.embedded();
        try (Connection c = infra.databases().primary().connect("booking", infra.credentials(DbAccount.MIGRATOR));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS booking (code VARCHAR(20) PRIMARY KEY, customer_name VARCHAR(50), note TEXT, "
                    + "slot_start TIMESTAMP(6) NULL)");
            for (int i = 0; i < 500; i++) {
                s.execute("INSERT INTO booking VALUES ('RES-" + UUID.randomUUID().toString().substring(0, 12) + "', '김철수 "
                        + i + "', 'it''s a \\\\ (tricky), note; " + i + "', NOW(6))");
            }
        }
    }

    /** A scratch server of its own, as the chart's sidecar: a plain MariaDB with an account for the scratch schema. */
    static synchronized MariaDbServer scratch() throws IOException {
        if (scratch == null) {
            scratch = new MariaDbServer("scratch", Files.createTempDirectory("scratch-db"), Ports.free(), 3, false);
            scratch.start();
            String user = "'" + SCRATCH.username() + "'@'%'";
            scratch.runAsRoot("DELETE FROM mysql.global_priv WHERE User = ''; FLUSH PRIVILEGES; CREATE USER " + user
                    + " IDENTIFIED BY '" + SCRATCH.password() + "'; GRANT ALL PRIVILEGES ON `backup_verify`.* TO " + user
                    + "; GRANT SELECT ON `restored`.* TO " + user + ";");
        }
        return scratch;
    }

    @AfterAll
    static void stopScratch() {
        if (scratch != null) {
            scratch.stop();
        }
    }

    @Test
    void backupRestoresIntoScratchWithIdenticalRowsAndPublishesEveryStep() throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            BackupJob.Outcome outcome = job.run("test");
            assertThat(outcome.written()).isTrue();
            assertThat(outcome.verified()).isTrue();
            assertThat(outcome.exitCode()).isZero();
            Path file = target.resolve(outcome.backupId() + ".sql.gz");
            assertThat(file).exists();
            assertThat(outcome.backupId()).matches("plumbing_db_\\d{8}_\\d{6}");
            assertThat(target.resolve(outcome.backupId() + ".manifest.json")).content().contains("\"sha256\"").contains("booking");
            assertNoPartialFile(target);
            List<ReceivedEvent> events = awaitEvents(consumer, outcome.backupId(), list -> list.size() >= 3);
            assertThat(events).extracting(ReceivedEvent::type).contains("plumbline.backups.BackupStarted",
                    "plumbline.backups.BackupSucceeded", "plumbline.backups.BackupVerified");
            BackupSucceeded succeeded = events.stream().filter(e -> e.payload() instanceof BackupSucceeded).findFirst().orElseThrow()
                    .payload(BackupSucceeded.class);
            assertThat(succeeded.manifest().tableRowCounts().get("booking")).isGreaterThanOrEqualTo(500L);
            assertThat(succeeded.manifest().gtidPosition()).isNotBlank();
            assertThat(succeeded.manifest().binlogFile()).startsWith("mysql-bin.");
        }
    }

    @Test
    void verificationRestoresIntoASeparateScratchServerAndWritesNothingOnTheSource() throws Exception {
        MariaDbServer scratchServer = scratch();
        EmbeddedInfrastructure infra = PlumblineStack.embedded();
        Credentials probe = infra.credentials(DbAccount.PROBE);
        String sourceBefore = gtidBinlogPos(infra.databases().primary(), probe);
        String scratchBefore = gtidBinlogPos(scratchServer, SCRATCH);

        BackupJob.Outcome outcome = runWith(onScratchServer(Map.of()));

        assertThat(outcome.verified()).as(outcome.toString()).isTrue();
        assertThat(outcome.exitCode()).isZero();
        assertThat(gtidBinlogPos(infra.databases().primary(), probe)).as("no scratch restore written on the source").isEqualTo(sourceBefore);
        assertThat(gtidBinlogPos(scratchServer, SCRATCH)).as("the scratch restore went to the scratch server").isNotEqualTo(scratchBefore);
    }

    @Test
    void onTheSourceTheScratchRestoreIsNotBinloggedWhenTheAccountMayTurnBinloggingOff() throws Exception {
        EmbeddedInfrastructure infra = PlumblineStack.embedded();
        MariaDbServer primary = infra.databases().primary();
        // the shipped backup account may not (BINLOG ADMIN could also PURGE BINARY LOGS); this one may
        Credentials admin = new Credentials("backup_binlog_admin", "admin-" + UUID.randomUUID());
        String user = "'" + admin.username() + "'@'%'";
        primary.runAsRoot("CREATE USER IF NOT EXISTS " + user + " IDENTIFIED BY '" + admin.password() + "'; ALTER USER " + user
                + " IDENTIFIED BY '" + admin.password() + "'; GRANT SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT, RELOAD, "
                + "BINLOG MONITOR, BINLOG ADMIN ON *.* TO " + user + "; GRANT ALL PRIVILEGES ON `backup_verify`.* TO " + user + ";");
        Credentials probe = infra.credentials(DbAccount.PROBE);
        String before = gtidBinlogPos(primary, probe);

        BackupJob.Outcome outcome = runWith(Map.of("plumbline.backup.verify.enabled", "true",
                "plumbline.backup.verify.username", admin.username(), "plumbline.backup.verify.password", admin.password()));

        assertThat(outcome.verified()).as(outcome.toString()).isTrue();
        assertThat(gtidBinlogPos(primary, probe)).as("the scratch restore left no transaction in the source's binlog").isEqualTo(before);
    }

    @Test
    void aReadOnlyVerificationServerIsReportedAsReadOnlyAndKeepsTheWrittenBackup() throws Exception {
        var replica = PlumblineStack.get().replica(); // read_only, as production's replica is super_read_only
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            BackupJob.Outcome outcome = runWith(Map.of("plumbline.backup.verify.enabled", "true",
                    "plumbline.backup.verify.host", replica.host(), "plumbline.backup.verify.port", Integer.toString(replica.port())));

            assertThat(outcome.written()).isTrue();
            assertThat(outcome.verified()).isFalse();
            assertThat(outcome.failedStage()).isEqualTo("VERIFY");
            assertThat(outcome.exitCode()).as("written but not verified").isEqualTo(2);
            assertThat(target.resolve(outcome.backupId() + ".sql.gz")).exists();
            assertThat(target.resolve(outcome.backupId() + ".verified")).doesNotExist();
            BackupFailed failed = awaitFailure(consumer, outcome.backupId(), f -> "VERIFY".equals(f.stage()));
            assertThat(failed.reason()).isEqualTo(BackupFailed.Reason.PERMISSION_DENIED);
            assertThat(failed.message()).contains("verification database", "is read-only", "plumbline.backup.verify.host");
        }
    }

    /**
     * The writer moves money between accounts, each transfer one transaction over two tables; the dump is long enough
     * (a filler table between the two) that without {@code --single-transaction} either the tables are dumped at
     * different points (the invariant breaks in the restored copy) or the dump holds a global read lock and the
     * writer, with a 1 s lock wait timeout, fails.
     */
    @Test
    void aBackupTakenDuringConcurrentTransfersRestoresToOnePointWithoutBlockingTheWriter() throws Exception {
        EmbeddedInfrastructure infra = PlumblineStack.embedded();
        MariaDbServer primary = infra.databases().primary();
        Credentials migrator = infra.credentials(DbAccount.MIGRATOR);
        try (Connection c = primary.connect("booking", migrator); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE cx_account (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
            s.execute("CREATE TABLE cx_filler (id INT PRIMARY KEY, pad CHAR(100) NOT NULL)");
            s.execute("CREATE TABLE cx_transfer (id BIGINT AUTO_INCREMENT PRIMARY KEY, from_id INT NOT NULL, to_id INT NOT NULL, "
                    + "amount INT NOT NULL)");
            s.execute("INSERT INTO cx_account SELECT seq, 1000 FROM seq_1_to_10");
            s.execute("INSERT INTO cx_filler SELECT seq, REPEAT('x', 100) FROM seq_1_to_120000");
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        Queue<Instant> commits = new ConcurrentLinkedQueue<>();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<?> writer = executor.submit(() -> {
                try (Connection c = primary.connect("booking", migrator)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET SESSION lock_wait_timeout = 1"); // a global read lock held by the dump fails the writer
                    }
                    c.setAutoCommit(false);
                    try (PreparedStatement debit = c.prepareStatement("UPDATE cx_account SET balance = balance - ? WHERE id = ?");
                            PreparedStatement credit = c.prepareStatement("UPDATE cx_account SET balance = balance + ? WHERE id = ?");
                            PreparedStatement record = c.prepareStatement("INSERT INTO cx_transfer (from_id, to_id, amount) VALUES (?, ?, ?)")) {
                        while (writing.get()) {
                            int from = ThreadLocalRandom.current().nextInt(1, 11);
                            int to = from % 10 + 1;
                            int amount = ThreadLocalRandom.current().nextInt(1, 50);
                            debit.setInt(1, amount);
                            debit.setInt(2, from);
                            debit.executeUpdate();
                            credit.setInt(1, amount);
                            credit.setInt(2, to);
                            credit.executeUpdate();
                            record.setInt(1, from);
                            record.setInt(2, to);
                            record.setInt(3, amount);
                            record.executeUpdate();
                            c.commit();
                            commits.add(Instant.now());
                        }
                    }
                }
                return null;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> commits.size() >= 20);

            BackupJob.Outcome outcome = runWith(Map.of());

            writing.set(false);
            writer.get(30, TimeUnit.SECONDS); // rethrows the writer's error, e.g. "Lock wait timeout exceeded"
            assertThat(outcome.written()).isTrue();
            BackupManifest manifest = manifest(outcome.backupId());
            Instant dumpEnd = Files.getLastModifiedTime(target.resolve(outcome.backupId() + ".manifest.json")).toInstant();
            Instant dumpStart = dumpEnd.minus(manifest.duration());
            Instant middleFrom = dumpStart.plus(manifest.duration().dividedBy(4));
            Instant middleTo = dumpEnd.minus(manifest.duration().dividedBy(4));
            assertThat(commits).as("transfers committed while the dump ran").anyMatch(t -> t.isAfter(middleFrom) && t.isBefore(middleTo));

            restoreIntoScratch(target.resolve(manifest.file()), "restored");
            try (Connection c = scratch().connect("restored", SCRATCH); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("""
                            SELECT a.id, a.balance,
                                   1000 - COALESCE((SELECT SUM(amount) FROM cx_transfer WHERE from_id = a.id), 0)
                                        + COALESCE((SELECT SUM(amount) FROM cx_transfer WHERE to_id = a.id), 0) AS expected,
                                   (SELECT COUNT(*) FROM cx_transfer) AS transfers
                            FROM cx_account a ORDER BY a.id""")) {
                int accounts = 0;
                while (rs.next()) {
                    accounts++;
                    assertThat(rs.getLong("transfers")).as("transfers in the backup").isGreaterThanOrEqualTo(20);
                    assertThat(rs.getLong("balance")).as("account " + rs.getInt("id") + ": balance = its transfers")
                            .isEqualTo(rs.getLong("expected"));
                }
                assertThat(accounts).isEqualTo(10);
            }
        } finally {
            writing.set(false);
            executor.shutdownNow();
            try (Connection c = primary.connect("booking", migrator); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS cx_account, cx_filler, cx_transfer");
            }
        }
    }

    @Test
    void aCorruptedBackupIsDetectedByVerification() throws Exception {
        BackupJob.Outcome outcome = job.run("test");
        Path file = target.resolve(outcome.backupId() + ".sql.gz");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
        BackupManifest manifest = manifest(outcome.backupId());
        Verifier verifier = new Verifier(new BackupProperties(BackupProperties.Mode.ONCE, "0 0 19 * * *", target,
                PlumblineStack.get().primary().host(), PlumblineStack.get().primary().port(), "backup",
                PlumblineStack.get().credentials(DbAccount.BACKUP).password(), "booking", BackupProperties.Flavour.MARIADB,
                properties().get("plumbline.backup.dump-command"), properties().get("plumbline.backup.client-command"),
                Duration.ofDays(7), 3, DataSize.ofMegabytes(1), BackupProperties.Verify.onSource(true), Duration.ofMinutes(5)));
        assertThatThrownBy(() -> verifier.verify(file, manifest))
                .isInstanceOf(BackupException.class)
                .satisfies(e -> assertThat(((BackupException) e).reason()).isEqualTo(BackupFailed.Reason.CHECKSUM_MISMATCH));
    }

    @Test
    void theBackupAccountHasOnlyTheGrantsADumpAndTheScratchRestoreNeed() throws Exception {
        EmbeddedInfrastructure infra = PlumblineStack.embedded();
        List<String> grants = new ArrayList<>();
        try (Connection c = infra.databases().primary().connect(null, infra.credentials(DbAccount.BACKUP));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                grants.add(rs.getString(1));
            }
        }
        // the binlog position globally; reading only the schema it dumps (never status.console_account, mysql.*)
        assertThat(grants).anySatisfy(g -> assertThat(g).startsWith("GRANT BINLOG MONITOR ON *.*"));
        assertThat(grants).anySatisfy(g -> assertThat(g).contains("SELECT, SHOW VIEW, EVENT, TRIGGER ON `booking`.*"));
        assertThat(grants).anySatisfy(g -> assertThat(g).contains("ALL PRIVILEGES ON `backup_verify`.*"));
        assertThat(String.join("\n", grants)).doesNotContain("SELECT ON *.*").doesNotContain("RELOAD").doesNotContain("LOCK TABLES")
                .doesNotContain("TO PUBLIC").doesNotContain("INSERT ON *.*").doesNotContain("SUPER")
                .doesNotContain("ALL PRIVILEGES ON *.*").as("BINLOG ADMIN could PURGE BINARY LOGS").doesNotContain("BINLOG ADMIN");
    }

    @Test
    void faultsFailCleanlyWithAReasonAnEventAndANonZeroExitCode() throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            assertFailsWith(consumer, Map.of("plumbline.backup.target", target.resolve("not-mounted").toString()),
                    BackupFailed.Reason.TARGET_MISSING);
            assertFailsWith(consumer, Map.of("plumbline.backup.min-free-space", "100000TB"), BackupFailed.Reason.DISK_FULL);
            assertFailsWith(consumer, Map.of("plumbline.backup.port", "1"), BackupFailed.Reason.DATABASE_UNREACHABLE);
        }
        // root ignores directory permissions, so a read-only or full volume is exercised through the classification
        assertThat(BackupJob.reasonOf(new java.nio.file.AccessDeniedException("/backups/x"))).isEqualTo(BackupFailed.Reason.PERMISSION_DENIED);
        assertThat(BackupJob.reasonOf(new java.nio.file.FileSystemException("/backups/x", null, "Read-only file system")))
                .isEqualTo(BackupFailed.Reason.PERMISSION_DENIED);
        assertThat(BackupJob.reasonOf(new IOException("No space left on device"))).isEqualTo(BackupFailed.Reason.DISK_FULL);
        assertNoPartialFile(target);
    }

    private void assertFailsWith(KafkaConsumer<String, byte[]> consumer, Map<String, String> overrides, BackupFailed.Reason reason) {
        BackupJob.Outcome outcome = runWith(overrides);
        assertThat(outcome.failure()).isEqualTo(reason);
        assertThat(outcome.written()).isFalse();
        assertThat(outcome.exitCode()).as("exit code of a failed backup").isEqualTo(1);
        BackupFailed failed = awaitFailure(consumer, outcome.backupId(), f -> f.reason() == reason);
        assertThat(failed.stage()).isEqualTo("DUMP");
        assertThat(failed.message()).isNotBlank().doesNotContain("\tat ");
    }

    @Test
    void aSecondRunWhileOneIsRunningIsRefusedWithExitCode3AndLeavesTheRunningOnesFileAlone() throws Exception {
        Path running = target.resolve("plumbing_db_" + BackupJob.NAME.format(Instant.now().minusSeconds(60)) + ".sql.gz.partial");
        try (KafkaConsumer<String, byte[]> consumer = consumer();
                var channel = java.nio.channels.FileChannel.open(target.resolve(".backup.lock"),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock held = channel.lock(); // a run in progress holds this lock…
            try {
                Files.writeString(running, "being written"); // …and writes this
                Files.setLastModifiedTime(running, FileTime.from(Instant.now().minusSeconds(60)));

                assertThat(runOnce(Map.of())).as("the documented exit code of a refused run").isEqualTo(3);
                assertThat(running).as("the running backup's file").exists();
                awaitFailure(consumer, null, f -> f.reason() == BackupFailed.Reason.ALREADY_RUNNING);
            } finally {
                held.release();
                Files.deleteIfExists(running);
            }
        }
    }

    @Test
    void aPartialFileLeftByAKilledRunIsRemovedByTheNextRun() throws Exception {
        Path stale = target.resolve("plumbing_db_20200101_190000.sql.gz.partial");
        Path staleManifest = target.resolve("plumbing_db_20200101_190000.manifest.json.partial");
        Path notOurs = target.resolve("notes.partial");
        for (Path f : List.of(stale, staleManifest, notOurs)) {
            Files.writeString(f, "left behind");
            Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        }
        try {
            BackupJob.Outcome outcome = runWith(Map.of());

            assertThat(outcome.exitCode()).isZero();
            assertThat(stale).doesNotExist();
            assertThat(staleManifest).doesNotExist();
            assertThat(notOurs).as("only the backup's own partial names").exists();
        } finally {
            Files.deleteIfExists(notOurs);
        }
    }

    @Test
    void aBackupIsStillTakenAndVerifiedWhenKafkaIsDownAndTheExitCodeSaysTheEventsWereNotDelivered(CapturedOutput output)
            throws Exception {
        Path dir = Files.createTempDirectory("backups-no-kafka");
        int exit = runOnce(Map.of("plumbline.backup.target", dir.toString(), "plumbline.backup.verify.enabled", "true",
                "spring.kafka.bootstrap-servers", "127.0.0.1:" + Ports.free(),
                "spring.kafka.producer.properties.max.block.ms", "1500"));

        assertThat(exit).as("written and verified, events undelivered").isEqualTo(5);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".sql.gz"))
                    .anyMatch(n -> n.endsWith(".manifest.json")).anyMatch(n -> n.endsWith(".verified"))
                    .noneMatch(n -> n.endsWith(".partial"));
        }
        assertThat(output.getAll()).contains("not delivered").contains("BackupSucceeded").contains("BackupVerified")
                .doesNotContain("PublishFailedException:").doesNotContain("\tat io.plumbline");
    }

    @Test
    void aRetentionErrorIsReportedAsRetentionAndDoesNotFailTheVerifiedBackup() throws Exception {
        Path dir = Files.createTempDirectory("backups-retention");
        // an old "backup" retention must delete but cannot: a non-empty directory under the backup's name
        Path undeletable = Files.createDirectory(dir.resolve("plumbing_db_20200101_190000.sql.gz"));
        Files.writeString(undeletable.resolve("keep"), "x");
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            BackupJob.Outcome outcome = runWith(Map.of("plumbline.backup.target", dir.toString(), "plumbline.backup.min-keep", "1",
                    "plumbline.backup.verify.enabled", "true"));

            assertThat(outcome.written()).isTrue();
            assertThat(outcome.verified()).isTrue();
            assertThat(outcome.failedStage()).isEqualTo("RETENTION");
            assertThat(outcome.exitCode()).as("verified backup, retention failed").isEqualTo(4);
            assertThat(dir.resolve(outcome.backupId() + ".sql.gz")).exists();
            assertThat(dir.resolve(outcome.backupId() + ".verified")).exists();
            List<ReceivedEvent> events = awaitEvents(consumer, outcome.backupId(),
                    list -> list.stream().anyMatch(e -> e.payload() instanceof BackupFailed));
            BackupFailed failed = events.stream().filter(e -> e.payload() instanceof BackupFailed).findFirst().orElseThrow()
                    .payload(BackupFailed.class);
            assertThat(failed.stage()).isEqualTo("RETENTION");
            assertThat(failed.message()).contains("plumbing_db_20200101_190000");
            assertThat(events).anyMatch(e -> e.payload() instanceof BackupVerified);
        }
    }

    @Test
    void theScheduledWorkerKeepsRunningAndTheOneShotExitsWithTheBackupsCode(
            @Autowired ConfigurableApplicationContext scheduled) {
        assertThat(BackupWorkerApplication.exitsAfterStart(scheduled)).as("local stack: a scheduler stays up").isFalse();
        Map<String, Object> props = new HashMap<>(properties());
        props.put("plumbline.backup.mode", "once");
        props.put("plumbline.backup.verify.enabled", "false");
        try (ConfigurableApplicationContext once = new SpringApplicationBuilder(BackupWorkerApplication.class).properties(props).run()) {
            assertThat(BackupWorkerApplication.exitsAfterStart(once)).as("CronJob: one backup, then exit").isTrue();
            assertThat(SpringApplication.exit(once)).as("exit code of a successful backup").isZero();
        }
    }

    /** A run of the real application with overrides (verification off unless they turn it on); its outcome. */
    private BackupJob.Outcome runWith(Map<String, String> overrides) {
        try (ConfigurableApplicationContext ctx = start("scheduled", overrides)) {
            return ctx.getBean(BackupJob.class).run("test");
        }
    }

    /** A one-shot run, as the CronJob starts it; the process exit code. */
    private static int runOnce(Map<String, String> overrides) {
        return SpringApplication.exit(start("once", overrides));
    }

    /** The overrides as command-line arguments: they win over application.yml, as the chart's environment does. */
    private static ConfigurableApplicationContext start(String mode, Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>(properties());
        props.put("plumbline.backup.verify.enabled", "false");
        props.putAll(overrides);
        props.put("plumbline.backup.mode", mode);
        return new SpringApplicationBuilder(BackupWorkerApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private static Map<String, String> onScratchServer(Map<String, String> overrides) throws IOException {
        Map<String, String> p = new HashMap<>(Map.of("plumbline.backup.verify.enabled", "true",
                "plumbline.backup.verify.host", "127.0.0.1", "plumbline.backup.verify.port", Integer.toString(scratch().database().port()),
                "plumbline.backup.verify.username", SCRATCH.username(), "plumbline.backup.verify.password", SCRATCH.password()));
        p.putAll(overrides);
        return p;
    }

    private static BackupManifest manifest(String backupId) {
        return JsonMapper.shared().readValue(target.resolve(backupId + ".manifest.json").toFile(), BackupManifest.class);
    }

    private static String gtidBinlogPos(MariaDbServer server, Credentials credentials) throws SQLException {
        try (Connection c = server.connect(null, credentials); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void restoreIntoScratch(Path file, String schema) throws Exception {
        MariaDbServer server = scratch();
        server.runAsRoot("DROP DATABASE IF EXISTS `" + schema + "`; CREATE DATABASE `" + schema + "` CHARACTER SET utf8mb4;");
        Path socket = server.binDir().getParent().getParent().resolve("mysql.sock");
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", "gunzip -c " + file + " | " + server.binDir().resolve("mariadb")
                + " --no-defaults --socket=" + socket + " -u root " + schema).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static void assertNoPartialFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PlumblineStack.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(Topics.BACKUPS.name()));
        return consumer;
    }

    /** The events of one backup ({@code backupId} null: of any) until {@code enough} holds. */
    private static List<ReceivedEvent> awaitEvents(KafkaConsumer<String, byte[]> consumer, String backupId,
            Predicate<List<ReceivedEvent>> enough) {
        EventCodec codec = new EventCodec("/test");
        List<ReceivedEvent> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                ReceivedEvent e = codec.decode(r);
                if (backupId == null || backupId.equals(e.subject())) {
                    events.add(e);
                }
            }
            return enough.test(events);
        });
        return events;
    }

    /** The BackupFailed of one backup that matches {@code which}, once it is on the topic. */
    private static BackupFailed awaitFailure(KafkaConsumer<String, byte[]> consumer, String backupId, Predicate<BackupFailed> which) {
        Predicate<ReceivedEvent> matches = e -> e.payload() instanceof BackupFailed f && which.test(f);
        return awaitEvents(consumer, backupId, list -> list.stream().anyMatch(matches)).stream().filter(matches).findFirst()
                .orElseThrow().payload(BackupFailed.class);
    }
}
