package io.plumbline.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.Topics;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.booking.cdc.OutboxCaptureProbe;
import io.plumbline.localstack.testing.PlumblineStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Three booking-api replicas on the real broker and databases: the maintenance gate on all of them, CDC leadership
 * moving between them, and the faults a booking must survive (broker restart, engine crash, writer loss).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasAndFaultsTest extends BookingApiTestSupport {

    private static final List<ConfigurableApplicationContext> EXTRA = new ArrayList<>();
    private static final Map<String, Set<String>> PUBLISHED = new ConcurrentHashMap<>();
    private static KafkaConsumer<String, byte[]> consumer;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    EventPublisher events;

    @Autowired
    ConfigurableApplicationContext context;

    @AfterAll
    static void stopExtraReplicas() {
        EXTRA.forEach(ConfigurableApplicationContext::close);
        if (consumer != null) {
            consumer.close();
        }
    }

    @Test
    @Order(1)
    void maintenanceStopsWritesOnEveryReplicaWhileLookUpsKeepWorking() throws Exception {
        List<String> replicas = List.of(url(""), startReplica(), startReplica());
        String code = BookingFlowTest.code(book(replicas.get(0)).body());

        publish(Mode.EMERGENCY, null, null);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String replica : replicas) {
                HttpResponse<String> refused = book(replica);
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(refused.body()).contains("데이터베이스 점검");
            }
        });
        for (String replica : replicas) {
            assertThat(get(replica + "/api/bookings/" + code + "?phoneLast4=5678").statusCode()).isEqualTo(200);
            assertThat(get(replica + "/api/maintenance").body()).contains("\"writesBlocked\":true").contains("EMERGENCY");
        }

        publish(Mode.OFF, null, null);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String replica : replicas) {
                assertThat(book(replica).statusCode()).isEqualTo(201);
            }
        });
    }

    @Test
    @Order(2)
    void aReplicaStartedDuringMaintenanceIsReadOnlyFromItsFirstRequest() throws Exception {
        publish(Mode.EMERGENCY, null, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> book(url("")).statusCode() == 503);
        String late = startReplica();
        assertThat(book(late).statusCode()).isEqualTo(503);
        publish(Mode.OFF, null, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> book(late).statusCode() == 201);
        EXTRA.remove(EXTRA.size() - 1).close();
    }

    @Test
    @Order(3)
    void aScheduledWindowOpensAndClosesByItself() throws Exception {
        Instant start = Instant.now().plusSeconds(3);
        Instant end = start.plusSeconds(5);
        publish(Mode.SCHEDULED, start, end);
        assertThat(book(url("")).statusCode()).isEqualTo(201); // before the window
        await().atMost(Duration.ofSeconds(10)).until(() -> book(url("")).statusCode() == 503);
        HttpResponse<String> inside = book(url(""));
        long retryAfter = Long.parseLong(inside.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 6L);
        await().atMost(Duration.ofSeconds(15)).until(() -> book(url("")).statusCode() == 201);
    }

    @Test
    @Order(4)
    void noBookingIsLostWhenTheBrokerRestartsDuringABurst() throws Exception {
        EmbeddedInfrastructure infra = PlumblineStack.embedded();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            codes.add(BookingFlowTest.code(book(url("")).body()));
        }
        infra.broker().stop();
        try {
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = book(url(""));
                assertThat(r.statusCode()).as("bookings are accepted while Kafka is down (the outbox holds them)").isEqualTo(201);
                codes.add(BookingFlowTest.code(r.body()));
            }
        } finally {
            infra.broker().start();
        }
        for (int i = 0; i < 5; i++) {
            codes.add(BookingFlowTest.code(book(url("")).body()));
        }
        awaitPublished(codes, Duration.ofSeconds(120));
    }

    @Test
    @Order(5)
    void cdcMovesToAnotherReplicaWhenTheLeaderStopsAndLosesNothing() throws Exception {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            codes.add(BookingFlowTest.code(book(url("")).body()));
        }
        awaitPublished(codes, Duration.ofSeconds(60));
        ConfigurableApplicationContext leader = EXTRA.stream().filter(c -> c.getBean(OutboxCaptureProbe.class).isLeader())
                .findFirst().orElse(null);
        OutboxCaptureProbe self = context.getBean(OutboxCaptureProbe.class);
        if (leader == null) {
            assertThat(self.isLeader()).as("exactly one replica leads CDC").isTrue();
            self.crashEngine(); // this replica leads: crash its engine instead of stopping the test's own context
        } else {
            EXTRA.remove(leader);
            leader.close();
        }
        Instant lost = Instant.now();
        for (int i = 0; i < 10; i++) {
            codes.add(BookingFlowTest.code(book(url("")).body()));
        }
        awaitPublished(codes, Duration.ofSeconds(60));
        assertThat(Duration.between(lost, Instant.now())).isLessThan(Duration.ofSeconds(45));
        long leaders = EXTRA.stream().filter(c -> c.getBean(OutboxCaptureProbe.class).isLeader()).count()
                + (self.isLeader() ? 1 : 0);
        assertThat(leaders).isEqualTo(1);
    }

    @Autowired
    io.plumbline.booking.writer.WriterGuard writer;

    @Test
    @Order(6)
    void writesFailFastWhenThePrimaryDiesAndLookUpsAreServedByTheReplica() throws Exception {
        EmbeddedInfrastructure infra = PlumblineStack.embedded();
        String code = BookingFlowTest.code(book(url("")).body());
        infra.databases().awaitReplicaCaughtUp(Duration.ofSeconds(30));
        infra.databases().primary().kill();
        try {
            for (int i = 0; i < 6; i++) {
                Instant start = Instant.now();
                HttpResponse<String> r = book(url(""));
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(Duration.between(start, Instant.now())).as("well under ProxySQL's 10 s hold").isLessThan(Duration.ofSeconds(4));
            }
            // the breaker has opened: refusals no longer wait for the dead primary (a half-open probe may run once
            // in a while; it fails and the breaker opens again)
            await().atMost(Duration.ofSeconds(20)).until(() -> book(url("")).statusCode() == 503 && writer.isOpen());
            assertThat(book(url("")).statusCode()).isEqualTo(503);
            HttpResponse<String> found = get(url("/api/bookings/" + code + "?phoneLast4=5678"));
            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(found.body()).contains(code);
        } finally {
            infra.databases().primary().start();
        }
        // the writer is back when writes succeed in a row (the circuit breaker has closed again)
        await().atMost(Duration.ofSeconds(60)).until(() -> book(url("")).statusCode() == 201
                && book(url("")).statusCode() == 201 && book(url("")).statusCode() == 201);
    }

    private String startReplica() {
        Map<String, Object> props = new HashMap<>(PlumblineStack.properties(ServiceDefinition.BOOKING_API));
        props.put("server.port", "0");
        props.put("plumbline.booking.lookup-rate-limit", "1000");
        props.put("plumbline.cdc.leader-check-interval", "500ms");
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(BookingApiApplication.class).properties(props).run();
        EXTRA.add(ctx);
        return "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
    }

    private void publish(Mode mode, Instant start, Instant end) {
        MaintenanceStateChanged state = new MaintenanceStateChanged(MaintenanceStateChanged.BOOKINGS, mode,
                new MaintenanceStateChanged.Reason("데이터베이스 점검 중입니다.", "Database maintenance."), start, end,
                new MaintenanceStateChanged.TriggeredBy(MaintenanceStateChanged.TriggeredBy.Kind.ADMIN, "test"),
                System.nanoTime(), Instant.now());
        events.publishAndWait(Topics.MAINTENANCE, UUID.randomUUID().toString(), state, Instant.now(), Duration.ofSeconds(10));
    }

    private void awaitPublished(List<String> codes, Duration timeout) {
        if (consumer == null) {
            consumer = bookingEventsConsumer();
        }
        await().atMost(timeout).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> raw = new ArrayList<>();
            List<ReceivedEvent> received = new ArrayList<>();
            poll(consumer, raw, received);
            received.forEach(e -> PUBLISHED.computeIfAbsent(e.subject(), k -> ConcurrentHashMap.newKeySet()).add(e.type()));
            assertThat(codes).allSatisfy(code -> assertThat(PUBLISHED.getOrDefault(code, Set.of()))
                    .contains("plumbline.booking.BookingCreated"));
        });
    }

    private HttpResponse<String> book(String base) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/bookings")).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString()).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(bookingJson(freeSlot(), "010-3030-5678"))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
