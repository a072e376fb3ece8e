package io.plumbline.booking;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.plumbline.events.EventCodec;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.Topics;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.testing.PlumblineStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for every full-context test of booking-api, on the real broker and MariaDB primary/replica.
 * Tests share the database, so each books its own slots (see {@link #freeSlot()}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "plumbline.booking.lookup-rate-limit=1000", "plumbline.cdc.leader-check-interval=500ms"})
@ExtendWith(PlumblineStack.class)
public abstract class BookingApiTestSupport {

    private static final AtomicInteger SLOT = new AtomicInteger();
    protected static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    @LocalServerPort
    protected int port;

    /** Actuator's port: never the application port (management.server.port). */
    @LocalManagementPort
    protected int managementPort;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        PlumblineStack.register(registry, ServiceDefinition.BOOKING_API);
    }

    /**
     * Tests talk to the replica only once it is ready, as Kubernetes routes traffic: before it has read the whole
     * maintenance topic a replica refuses writes (503), whatever their body.
     */
    @BeforeEach
    void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).until(() -> http.send(
                HttpRequest.newBuilder(URI.create(managementUrl("/actuator/health/readiness"))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    protected String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    /** A slot no other test uses: distinct (day, hour) pairs between 2 and 59 days ahead. */
    protected static OffsetDateTime freeSlot() {
        int n = SLOT.incrementAndGet();
        LocalDate day = LocalDate.now(SEOUL).plusDays(2 + (n / 9) % 57);
        return LocalTime.of(9 + n % 9, 0).atDate(day).atZone(SEOUL).toOffsetDateTime();
    }

    protected static String bookingJson(OffsetDateTime slot, String phone) {
        return """
                {"name":"김철수","phone":"%s","address":"서울시 강남구 테헤란로 1","issueType":"LEAK",
                 "description":"싱크대 아래 누수","slotStart":"%s"}""".formatted(phone, slot);
    }

    /** A consumer of booking.events.v1 from the beginning, as status-projector reads it. */
    protected static KafkaConsumer<String, byte[]> bookingEventsConsumer() {
        Properties p = new Properties();
        p.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PlumblineStack.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(Topics.BOOKING_EVENTS.name()));
        return consumer;
    }

    /** Drains what the consumer has now into {@code into} (decoded), for use inside an Awaitility condition. */
    protected static void poll(KafkaConsumer<String, byte[]> consumer, List<ConsumerRecord<String, byte[]>> raw, List<ReceivedEvent> into) {
        EventCodec codec = new EventCodec("/test");
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            raw.add(r);
            into.add(codec.decode(r));
        }
    }

    protected static <T> List<T> copy(List<T> list) {
        return new ArrayList<>(list);
    }
}
