package io.plumbline.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.booking.BookingCreated;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

class BookingFlowTest extends BookingApiTestSupport {

    private static final Pattern CODE = Pattern.compile("\"bookingCode\":\"(RES-[0-9]{8}-[A-Z0-9]{6})\"");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void publishesBookingCreatedWithKeyCloudEventHeadersAndPayload() throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = bookingEventsConsumer()) {
            HttpResponse<String> response = post("/api/bookings", bookingJson(freeSlot(), "010-2222-3333"), UUID.randomUUID().toString());
            assertThat(response.statusCode()).isEqualTo(201);
            String code = code(response.body());
            assertThat(code).matches("RES-[0-9]{8}-[A-HJ-NP-Z2-9]{6}");

            List<ConsumerRecord<String, byte[]>> raw = new ArrayList<>();
            List<ReceivedEvent> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                poll(consumer, raw, events);
                return events.stream().anyMatch(e -> code.equals(e.subject()));
            });
            ConsumerRecord<String, byte[]> record = raw.stream().filter(r -> code.equals(r.key())).findFirst().orElseThrow();
            assertThat(header(record, "ce_type")).isEqualTo("plumbline.booking.BookingCreated");
            assertThat(header(record, "ce_source")).isEqualTo("/booking-api");
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "ce_id")).isNotBlank();
            BookingCreated created = events.stream().filter(e -> code.equals(e.subject())).findFirst().orElseThrow()
                    .payload(BookingCreated.class);
            assertThat(created.bookingCode()).isEqualTo(code);
            assertThat(created.phone()).isEqualTo("010-2222-3333");
            assertThat(created.issueType()).isEqualTo("LEAK");
            assertThat(created.status()).isEqualTo("PENDING");
        }
    }

    @Test
    void looksUpWithThePhonesLastFourDigitsAndHidesWhetherTheCodeExists() throws Exception {
        String code = code(post("/api/bookings", bookingJson(freeSlot(), "010-4444-5678"), null).body());
        HttpResponse<String> found = get("/api/bookings/" + code + "?phoneLast4=5678");
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("\"status\":\"PENDING\"").contains("김*수").doesNotContain("010-4444");
        HttpResponse<String> wrongPhone = get("/api/bookings/" + code + "?phoneLast4=0000");
        HttpResponse<String> wrongCode = get("/api/bookings/RES-20200101-AAAAAA?phoneLast4=5678");
        assertThat(wrongPhone.statusCode()).isEqualTo(404);
        assertThat(wrongCode.statusCode()).isEqualTo(404);
        assertThat(wrongPhone.body()).isEqualTo(wrongCode.body());
    }

    @Test
    void aRetriedRequestWithTheSameIdempotencyKeyBooksOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = bookingJson(freeSlot(), "010-5555-1111");
        HttpResponse<String> first = post("/api/bookings", body, key);
        HttpResponse<String> second = post("/api/bookings", body, key);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(code(second.body())).isEqualTo(code(first.body()));
        HttpResponse<String> otherBody = post("/api/bookings", bookingJson(freeSlot(), "010-5555-2222"), key);
        assertThat(otherBody.statusCode()).isEqualTo(400);
        assertThat(otherBody.body()).contains("Idempotency-Key");
    }

    @Test
    void fiftyConcurrentRequestsForATwoTechnicianSlotBookExactlyTwo() throws Exception {
        OffsetDateTime slot = freeSlot();
        ExecutorService pool = Executors.newFixedThreadPool(25);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String phone = String.format("010-7777-%04d", i);
                responses.add(pool.submit(() -> post("/api/bookings", bookingJson(slot, phone), UUID.randomUUID().toString())));
            }
            int created = 0;
            int full = 0;
            for (Future<HttpResponse<String>> f : responses) {
                int status = f.get().statusCode();
                created += status == 201 ? 1 : 0;
                full += status == 409 ? 1 : 0;
            }
            assertThat(created).isEqualTo(2);
            assertThat(full).isEqualTo(48);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void customerCancelsAPendingBooking() throws Exception {
        String code = code(post("/api/bookings", bookingJson(freeSlot(), "010-8888-1234"), null).body());
        HttpResponse<String> cancelled = http.send(HttpRequest.newBuilder(URI.create(url("/api/bookings/" + code + "/cancel")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"phoneLast4\":\"1234\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(cancelled.body()).contains("\"status\":\"CANCELLED\"");
        assertThat(get("/api/bookings/" + code + "?phoneLast4=1234").body()).contains("CANCELLED");
    }

    HttpResponse<String> post(String path, String json, String idempotencyKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String code(String body) {
        Matcher m = CODE.matcher(body);
        assertThat(m.find()).as("booking code in %s", body).isTrue();
        return m.group(1);
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
