package io.plumbline.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.plumbline.events.EventCodec;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.Topics;
import io.plumbline.events.backups.BackupFailed;
import io.plumbline.events.backups.BackupSucceeded;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.testing.PlumblineStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** backup-worker against the real MariaDB primary (its own mariadb-dump and mariadb client) and the real broker. */
@SpringBootTest(properties = "plumbline.backup.mode=scheduled")
@ExtendWith(PlumblineStack.class)
class BackupJobTest {

    static Path target;

    @Autowired
    BackupJob job;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws IOException {
        target = Files.createTempDirectory("backups");
        properties().forEach((k, v) -> registry.add(k, () -> v));
    }

    static Map<String, String> properties() {
        Map<String, String> p = new java.util.HashMap<>(PlumblineStack.properties(ServiceDefinition.BACKUP_WORKER));
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

    @Test
    void backupRestoresIntoScratchWithIdenticalRowsAndPublishesEveryStep() throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            BackupJob.Outcome outcome = job.run("test");
            assertThat(outcome.succeeded()).isTrue();
            assertThat(outcome.verified()).isTrue();
            assertThat(outcome.exitCode()).isZero();
            Path file = target.resolve(outcome.backupId() + ".sql.gz");
            assertThat(file).exists();
            assertThat(outcome.backupId()).matches("plumbing_db_\\d{8}_\\d{6}");
            assertThat(target.resolve(outcome.backupId() + ".manifest.json")).content().contains("\"sha256\"").contains("booking");
            try (Stream<Path> files = Files.list(target)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
            }
            List<ReceivedEvent> events = awaitEvents(consumer, outcome.backupId(), 3);
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
    void backupDuringConcurrentBookingWritesIsConsistent() throws Exception {
        EmbeddedInfrastructure infra = PlumblineStack.embedded();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        writer.submit(() -> {
            try (Connection c = infra.databases().primary().connect("booking", infra.credentials(DbAccount.MIGRATOR));
                    Statement s = c.createStatement()) {
                while (writing.get()) {
                    s.execute("INSERT INTO booking (code, customer_name, note) VALUES ('C-" + UUID.randomUUID().toString().substring(0, 15)
                            + "', 'concurrent', 'x')");
                }
            }
            return null;
        });
        try {
            BackupJob.Outcome outcome = job.run("test");
            assertThat(outcome.verified()).as("the restored copy matches the dump's consistent point").isTrue();
        } finally {
            writing.set(false);
            writer.shutdown();
        }
    }

    @Test
    void aCorruptedBackupIsDetectedByVerification() throws Exception {
        BackupJob.Outcome outcome = job.run("test");
        Path file = target.resolve(outcome.backupId() + ".sql.gz");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
        var manifest = new tools.jackson.databind.json.JsonMapper().readValue(
                target.resolve(outcome.backupId() + ".manifest.json").toFile(), io.plumbline.events.backups.BackupManifest.class);
        Verifier verifier = new Verifier(new BackupProperties(BackupProperties.Mode.ONCE, "0 0 19 * * *", target,
                PlumblineStack.get().primary().host(), PlumblineStack.get().primary().port(), "backup",
                PlumblineStack.get().credentials(DbAccount.BACKUP).password(), "booking", BackupProperties.Flavour.MARIADB,
                properties().get("plumbline.backup.dump-command"), properties().get("plumbline.backup.client-command"),
                Duration.ofDays(7), 3, org.springframework.util.unit.DataSize.ofMegabytes(1), true, "backup_verify",
                Duration.ofMinutes(5)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifier.verify(file, manifest))
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
        assertThat(grants).anySatisfy(g -> assertThat(g).contains("SELECT, RELOAD, LOCK TABLES, BINLOG MONITOR, SHOW VIEW, EVENT, TRIGGER ON *.*"));
        assertThat(grants).anySatisfy(g -> assertThat(g).contains("ALL PRIVILEGES ON `backup_verify`.*"));
        assertThat(String.join("\n", grants)).doesNotContain("TO PUBLIC").doesNotContain("INSERT ON *.*").doesNotContain("SUPER").doesNotContain("ALL PRIVILEGES ON *.*");
    }

    @Test
    void faultsFailCleanlyWithAReasonAndLeaveNoPartialFile() throws Exception {
        Path missing = target.resolve("not-mounted");
        assertThat(runWith(Map.of("plumbline.backup.target", missing.toString()))).isEqualTo(BackupFailed.Reason.TARGET_MISSING);

        // root ignores directory permissions, so a read-only or full volume is exercised through the classification
        assertThat(BackupJob.reasonOf(new java.nio.file.AccessDeniedException("/backups/x"))).isEqualTo(BackupFailed.Reason.PERMISSION_DENIED);
        assertThat(BackupJob.reasonOf(new java.nio.file.FileSystemException("/backups/x", null, "Read-only file system")))
                .isEqualTo(BackupFailed.Reason.PERMISSION_DENIED);
        assertThat(BackupJob.reasonOf(new IOException("No space left on device"))).isEqualTo(BackupFailed.Reason.DISK_FULL);

        assertThat(runWith(Map.of("plumbline.backup.min-free-space", "100000TB"))).isEqualTo(BackupFailed.Reason.DISK_FULL);
        assertThat(runWith(Map.of("plumbline.backup.port", "1"))).isEqualTo(BackupFailed.Reason.DATABASE_UNREACHABLE);
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    @Test
    void aSecondRunWhileOneIsRunningIsRefused() throws Exception {
        try (var channel = java.nio.channels.FileChannel.open(target.resolve(".backup.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock held = channel.lock(); // a run in progress holds this lock
            try {
                assertThat(runWith(Map.of())).isEqualTo(BackupFailed.Reason.ALREADY_RUNNING);
            } finally {
                held.release();
            }
        }
    }

    @Test
    void theScheduledWorkerKeepsRunningAndTheOneShotExitsWithTheBackupsCode(
            @Autowired ConfigurableApplicationContext scheduled) {
        assertThat(BackupWorkerApplication.exitsAfterStart(scheduled)).as("local stack: a scheduler stays up").isFalse();
        Map<String, Object> props = new java.util.HashMap<>(properties());
        props.put("plumbline.backup.mode", "once");
        props.put("plumbline.backup.verify", "false");
        try (ConfigurableApplicationContext once = new SpringApplicationBuilder(BackupWorkerApplication.class).properties(props).run()) {
            assertThat(BackupWorkerApplication.exitsAfterStart(once)).as("CronJob: one backup, then exit").isTrue();
            assertThat(org.springframework.boot.SpringApplication.exit(once)).as("exit code of a successful backup").isZero();
        }
    }

    /** A one-shot run of the real application with overrides, as the CronJob starts it; returns its failure reason. */
    private BackupFailed.Reason runWith(Map<String, String> overrides) {
        Map<String, Object> props = new java.util.HashMap<>(properties());
        props.putAll(overrides);
        props.put("plumbline.backup.mode", "scheduled");
        props.put("plumbline.backup.verify", "false");
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(BackupWorkerApplication.class).properties(props).run()) {
            return ctx.getBean(BackupJob.class).run("test").failure();
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

    private static List<ReceivedEvent> awaitEvents(KafkaConsumer<String, byte[]> consumer, String backupId, int atLeast) {
        EventCodec codec = new EventCodec("/test");
        List<ReceivedEvent> events = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                ReceivedEvent e = codec.decode(r);
                if (backupId.equals(e.subject())) {
                    events.add(e);
                }
            }
            return events.size() >= atLeast;
        });
        return events;
    }
}
