package io.plumbline.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plumbline.events.Topics;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy;
import io.plumbline.status.audit.AuditLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

class MaintenanceApiTest extends StatusProjectorTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    AuditLog audit;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(String path, String json, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String path, String json) throws Exception {
        return post(path, json, "admin", adminPassword());
    }

    @Test
    void adminStartsAndEndsMaintenanceAsVersionedFullStatesOnTheCompactedTopic() throws Exception {
        try (TopicRecorder topic = new TopicRecorder(bootstrapServers(), Topics.MAINTENANCE)) {
            HttpResponse<String> started = admin("/api/maintenance/bookings/start",
                    "{\"reason\":{\"ko\":\"정기 점검\",\"en\":\"Planned maintenance\"}}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            HttpResponse<String> ended = admin("/api/maintenance/bookings/end", null);
            assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).until(() -> topic.events(MaintenanceStateChanged.class).size() >= 2);
            List<MaintenanceStateChanged> states = topic.events(MaintenanceStateChanged.class);
            MaintenanceStateChanged on = states.get(0);
            MaintenanceStateChanged off = states.get(1);
            assertThat(on.mode()).isEqualTo(Mode.SCHEDULED);
            assertThat(on.blocksWritesAt(Instant.now())).isTrue();
            assertThat(on.reason().ko()).isEqualTo("정기 점검");
            assertThat(on.triggeredBy()).isEqualTo(new TriggeredBy(TriggeredBy.Kind.ADMIN, "admin"));
            assertThat(off.mode()).isEqualTo(Mode.OFF);
            assertThat(off.version()).isEqualTo(on.version() + 1);
        }
        assertThat(audit.recent(10)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(e.action()).isEqualTo("maintenance.start");
        });
    }

    @Test
    void scheduledWindowIsPublishedWithItsBounds() throws Exception {
        Instant start = Instant.now().plusSeconds(3600);
        Instant end = start.plusSeconds(1800);
        HttpResponse<String> response = admin("/api/maintenance/bookings/schedule",
                "{\"reason\":{\"ko\":\"DB 업그레이드\",\"en\":\"DB upgrade\"},\"start\":\"" + start + "\",\"end\":\"" + end + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"mode\":\"SCHEDULED\"").contains(end.toString().substring(0, 19));
        assertThat(admin("/api/maintenance/bookings/end", null).statusCode()).isEqualTo(200);
    }

    @Test
    void badRequestsAreProblemDetailsNamingTheField() throws Exception {
        HttpResponse<String> missing = admin("/api/maintenance/bookings/start", "{\"reason\":{\"ko\":\"\",\"en\":\"x\"}}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        assertThat(missing.body()).contains("reason.ko");

        Instant now = Instant.now();
        HttpResponse<String> backwards = admin("/api/maintenance/bookings/schedule",
                "{\"reason\":{\"ko\":\"a\",\"en\":\"b\"},\"start\":\"" + now.plusSeconds(600) + "\",\"end\":\"" + now.plusSeconds(60) + "\"}");
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.body()).contains("\"field\":\"end\"");

        HttpResponse<String> garbled = admin("/api/maintenance/bookings/schedule",
                "{\"reason\":{\"ko\":\"a\",\"en\":\"b\"},\"start\":\"tomorrow\",\"end\":\"x\"}");
        assertThat(garbled.statusCode()).isEqualTo(400);
        assertThat(garbled.body()).contains("start");
    }

    @Test
    void maintenanceApiNeedsAnAdmin() throws Exception {
        assertThat(post("/api/maintenance/bookings/end", null, null, null).statusCode()).isEqualTo(401);
        assertThat(post("/api/maintenance/bookings/end", null, "admin", "wrong-password-123").statusCode()).isEqualTo(401);
    }
}
