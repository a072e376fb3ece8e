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
import io.plumbline.localstack.infra.Infrastructure;
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

    private static OutboxCaptureProbe steppedDown;

    @AfterAll
    static void stopExtraReplicas() {
        if (steppedDown != null) {
            steppedDown.stepDown(Duration.ZERO); // the shared context leads CDC again for the test classes after this one
        }
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
        Infrastructure infra = PlumblineStack.get();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            codes.add(BookingFlowTest.code(book(url("")).body()));
        }
        infra.stopBroker();
        try {
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = book(url(""));
                assertThat(r.statusCode()).as("bookings are accepted while Kafka is down (the outbox holds them)").isEqualTo(201);
                codes.add(BookingFlowTest.code(r.body()));
            }
        } finally {
            infra.startBroker();
        }
        for (int i = 0; i < 5; i++) {
            codes.add(BookingFlowTest.code(book(url("")).body()));
        }
        awaitPublished(codes, Duration.ofSeconds(120));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(outbox.backlog()).as("published rows leave the outbox").isZero());
    }

    @Test
    @Order(5)
    void theCdcEngineCrashedAndRestartedResumesWithoutLoss() throws Exception {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            codes.add(BookingFlowTest.code(book(url("")).body()));
        }
        awaitPublished(codes, Duration.ofSeconds(60));
        OutboxCaptureProbe leader = await().atMost(Duration.ofSeconds(30)).until(this::currentLeader, l -> l != null);
        leader.crashEngine();
        for (int i = 0; i < 10; i++) {
            codes.add(BookingFlowTest.code(book(url("")).body()));
        }
        awaitPublished(codes, Duration.ofSeconds(60));
        assertThat(leaders()).as("exactly one replica leads CDC").isEqualTo(1);
    }

    @Test
    @Order(6)
    void anotherReplicaTakesOverCdcWithin30sWhenTheLeaderGoesAway() throws Exception {
        assertThat(EXTRA).as("other replicas are running").isNotEmpty();
        OutboxCaptureProbe self = context.getBean(OutboxCaptureProbe.class);
        OutboxCaptureProbe leader = await().atMost(Duration.ofSeconds(30)).until(this::currentLeader, l -> l != null);
        ConfigurableApplicationContext leaderContext = EXTRA.stream()
                .filter(c -> c.getBean(OutboxCaptureProbe.class) == leader).findFirst().orElse(null);
        Instant gone = Instant.now();
        if (leaderContext != null) {
            EXTRA.remove(leaderContext);
            leaderContext.close(); // the leading replica shuts down
        } else {
            steppedDown = self;
            self.stepDown(Duration.ofMinutes(2)); // the test's own replica leads: it hands over and stays a follower
        }
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            codes.add(BookingFlowTest.code(book(url("")).body()));
        }
        OutboxCaptureProbe successor = await().atMost(Duration.ofSeconds(30)).until(this::currentLeader,
                l -> l != null && l != leader);
        assertThat(Duration.between(gone, Instant.now())).as("takeover").isLessThan(Duration.ofSeconds(30));
        awaitPublished(codes, Duration.ofSeconds(60));
        assertThat(leaders()).isEqualTo(1);
        assertThat(successor.isLeader()).isTrue();
    }

    @Autowired
    io.plumbline.booking.writer.WriterGuard writer;

    @Autowired
    io.plumbline.booking.booking.BookingReplicaReads replicaReads;

    @Autowired
    io.plumbline.booking.announcement.Announcements announcements;

    @Autowired
    io.plumbline.booking.outbox.Outbox outbox;

    @Test
    @Order(7)
    void writesFailFastWhileThePrimaryHangsAndLookUpsAreServedByTheReplica() throws Exception {
        Infrastructure infra = PlumblineStack.get();
        String code = BookingFlowTest.code(book(url("")).body());
        awaitOnReplica(code);
        infra.hangPrimary();
        try {
            for (int i = 0; i < 4; i++) {
                Instant start = Instant.now();
                HttpResponse<String> r = book(url(""));
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(Duration.between(start, Instant.now())).as("well under ProxySQL's 10 s hold").isLessThan(Duration.ofSeconds(5));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> book(url("")).statusCode() == 503 && writer.isOpen());
            assertThat(get(url("/api/bookings/" + code + "?phoneLast4=5678")).statusCode()).isEqualTo(200);
        } finally {
            infra.resumePrimary();
        }
        // no customer request is spent as the probe: the writer probe closes the breaker once the writer takes writes
        await().atMost(Duration.ofSeconds(10)).until(() -> !writer.isOpen());
        assertThat(book(url("")).statusCode()).as("the first booking after the writer is back").isEqualTo(201);
    }

    @Test
    @Order(8)
    void writesFailFastWhenThePrimaryDiesAndLookUpsAndAnnouncementsAreServedByTheReplica() throws Exception {
        Infrastructure infra = PlumblineStack.get();
        String code = BookingFlowTest.code(book(url("")).body());
        String title = "점검 안내 " + UUID.randomUUID();
        announcements.publish(title, "야간 점검이 있습니다.", true, "test");
        awaitOnReplica(code);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(url("/api/announcements")).body().contains(title));
        infra.stopPrimary();
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
            HttpResponse<String> news = get(url("/api/announcements"));
            assertThat(news.statusCode()).isEqualTo(200);
            assertThat(news.body()).contains(title);
            assertThat(get(url("/")).body()).as("the customer page still shows the announcement").contains(title);
        } finally {
            infra.startPrimary();
        }
        // the writer is back when writes succeed in a row (the circuit breaker has closed again)
        await().atMost(Duration.ofSeconds(60)).until(() -> book(url("")).statusCode() == 201
                && book(url("")).statusCode() == 201 && book(url("")).statusCode() == 201);
    }

    private OutboxCaptureProbe currentLeader() {
        List<OutboxCaptureProbe> all = new ArrayList<>();
        all.add(context.getBean(OutboxCaptureProbe.class));
        EXTRA.forEach(c -> all.add(c.getBean(OutboxCaptureProbe.class)));
        return all.stream().filter(OutboxCaptureProbe::isLeader).findFirst().orElse(null);
    }

    private long leaders() {
        return EXTRA.stream().filter(c -> c.getBean(OutboxCaptureProbe.class).isLeader()).count()
                + (context.getBean(OutboxCaptureProbe.class).isLeader() ? 1 : 0);
    }

    private void awaitOnReplica(String code) {
        await().atMost(Duration.ofSeconds(30)).until(() -> replicaReads.lookUp(code, "5678").isPresent());
    }

    private String startReplica() {
        Map<String, Object> props = new HashMap<>(PlumblineStack.properties(ServiceDefinition.BOOKING_API));
        props.put("server.port", "0");
        props.put("plumbline.booking.lookup-rate-limit", "1000");
        props.put("plumbline.cdc.leader-check-interval", "500ms");
        // as arguments, not default properties: those lose against application.yml (management.server.port among them)
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(BookingApiApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
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
