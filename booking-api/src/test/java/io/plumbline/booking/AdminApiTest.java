package io.plumbline.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.booking.AnnouncementPublished;
import io.plumbline.events.booking.AnnouncementWithdrawn;
import io.plumbline.events.booking.BookingStatusChanged;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.testing.PlumblineStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin API as status-projector's console calls it: the service credential, the acting admin's name in
 * {@code X-Plumbline-Actor}, every change audited and published as an event.
 */
class AdminApiTest extends BookingApiTestSupport {

    private static KafkaConsumer<String, byte[]> consumer;
    private static final List<ReceivedEvent> EVENTS = new ArrayList<>();

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void subscribe() {
        consumer = bookingEventsConsumer();
    }

    @AfterAll
    static void close() {
        consumer.close();
    }

    @Test
    void anonymousOrWrongCredentialsGet401AndChangeNothing() throws Exception {
        String code = book();
        String change = "{\"status\":\"ASSIGNED\",\"technician\":\"박기사\"}";
        assertThat(send("POST", "/api/admin/bookings/" + code + "/status", change, null, "kim.admin").statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/admin/bookings/" + code + "/status", change, basic("console", "wrong"), "kim.admin")
                .statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/admin/announcements", "{\"title\":\"t\",\"body\":\"b\"}", null, "kim.admin").statusCode())
                .isEqualTo(401);
        assertThat(lookUp(code)).contains("\"status\":\"PENDING\"");
    }

    @Test
    void assignsStartsAndCompletesABookingAuditedUnderTheAdminsNameAndPublished() throws Exception {
        String code = book();
        assertThat(change(code, "{\"status\":\"ASSIGNED\",\"technician\":\"박기사\"}").statusCode()).isEqualTo(200);
        assertThat(change(code, "{\"status\":\"IN_PROGRESS\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> done = change(code, "{\"status\":\"COMPLETED\",\"note\":\"배관 교체\"}");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("\"status\":\"COMPLETED\"");

        assertThat(lookUp(code)).contains("\"status\":\"COMPLETED\"").contains("ASSIGNED").contains("IN_PROGRESS");
        String audit = send("GET", "/api/admin/audit?limit=50", null, console(), null).body();
        assertThat(audit).contains(code).contains("kim.admin");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            drain();
            List<String> statuses = EVENTS.stream().filter(e -> code.equals(e.subject()))
                    .filter(e -> e.payload() instanceof BookingStatusChanged)
                    .map(e -> ((BookingStatusChanged) e.payload())).map(c -> c.to() + " by " + c.changedBy()).toList();
            assertThat(statuses).containsExactly("ASSIGNED by kim.admin", "IN_PROGRESS by kim.admin", "COMPLETED by kim.admin");
        });
    }

    @Test
    void anImpossibleTransitionOrAMissingActorIsA4xxNamingTheField() throws Exception {
        String code = book();
        HttpResponse<String> skip = change(code, "{\"status\":\"COMPLETED\"}");
        assertThat(skip.statusCode()).isEqualTo(409);
        assertThat(skip.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
        assertThat(skip.body()).contains("status");
        HttpResponse<String> nobody = send("POST", "/api/admin/bookings/" + code + "/status", "{\"status\":\"ASSIGNED\"}",
                console(), null);
        assertThat(nobody.statusCode()).isEqualTo(400);
        assertThat(nobody.body()).contains("X-Plumbline-Actor");
        HttpResponse<String> unknown = change(code, "{\"status\":\"LOST\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(lookUp(code)).contains("\"status\":\"PENDING\"");
    }

    @Test
    void publishesAndWithdrawsAnAnnouncementThatCustomersSee() throws Exception {
        String title = "설 연휴 안내 " + UUID.randomUUID();
        HttpResponse<String> published = send("POST", "/api/admin/announcements",
                "{\"title\":\"" + title + "\",\"body\":\"연휴 기간에도 긴급 출동합니다.\",\"pinned\":true}", console(), "kim.admin");
        assertThat(published.statusCode()).isBetween(200, 201);
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(published.body());
        assertThat(m.find()).isTrue();
        String id = m.group(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/announcements").contains(title));

        assertThat(send("DELETE", "/api/admin/announcements/" + id, null, console(), "kim.admin").statusCode()).isBetween(200, 204);
        await().atMost(Duration.ofSeconds(30)).until(() -> !get("/api/announcements").contains(title));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            drain();
            assertThat(EVENTS).anyMatch(e -> e.payload() instanceof AnnouncementPublished p && p.title().equals(title));
            assertThat(EVENTS).anyMatch(e -> e.payload() instanceof AnnouncementWithdrawn w && w.announcementId().equals(id));
        });
        assertThat(send("GET", "/api/admin/audit?limit=50", null, console(), null).body()).contains(id);
    }

    private static synchronized void drain() {
        List<ConsumerRecord<String, byte[]>> raw = new ArrayList<>();
        poll(consumer, raw, EVENTS);
    }

    private String book() throws Exception {
        HttpResponse<String> r = send("POST", "/api/bookings", bookingJson(freeSlot(), "010-4545-5678"), null, null);
        assertThat(r.statusCode()).isEqualTo(201);
        return BookingFlowTest.code(r.body());
    }

    private HttpResponse<String> change(String code, String json) throws Exception {
        return send("POST", "/api/admin/bookings/" + code + "/status", json, console(), "kim.admin");
    }

    private String lookUp(String code) throws Exception {
        return get("/api/bookings/" + code + "?phoneLast4=5678");
    }

    private String get(String path) throws Exception {
        return send("GET", path, null, null, null).body();
    }

    private static String console() {
        return basic("console", PlumblineStack.properties(ServiceDefinition.BOOKING_API).get("plumbline.booking.admin.password"));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String path, String json, String authorization, String actor) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Accept-Language", "en")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (actor != null) {
            b.header("X-Plumbline-Actor", actor);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
