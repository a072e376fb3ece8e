package io.plumbline.alerting.interaction;

import java.io.IOException;
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
import java.util.Optional;

import io.plumbline.alerting.AlertingProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Creates silences through Alertmanager's v2 API ({@code POST /api/v2/silences}). */
@Component
class AlertmanagerSilences {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final AlertingProperties properties;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    AlertmanagerSilences(AlertingProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    boolean available() {
        return properties.alertmanagerUrl() != null;
    }

    /**
     * A live (active or pending) silence of exactly this label set that lasts at least until {@code endsAtLeast}: a second click (or
     * Slack resending the click) finds the silence the first one made instead of stacking another.
     */
    Optional<String> active(Map<String, String> labels, Instant endsAtLeast) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.alertmanagerUrl() + "/api/v2/silences"))
                .timeout(TIMEOUT).GET().build();
        JsonNode silences = json.readTree(send(request));
        for (JsonNode silence : silences) {
            // a silence made a moment ago may still be "pending" to Alertmanager (its startsAt is our clock's now)
            if ("expired".equals(silence.path("status").path("state").asString("expired"))
                    || Instant.parse(silence.path("endsAt").asString("1970-01-01T00:00:00Z")).isBefore(endsAtLeast)) {
                continue;
            }
            Map<String, String> exact = new HashMap<>();
            for (JsonNode m : silence.path("matchers")) {
                if (m.path("isRegex").asBoolean(true) || !m.path("isEqual").asBoolean(true)) {
                    exact = null;
                    break;
                }
                exact.put(m.path("name").asString(), m.path("value").asString());
            }
            if (labels.equals(exact)) {
                return Optional.of(silence.path("id").asString());
            }
        }
        return Optional.empty();
    }

    /** Silences exactly this alert's label set; returns the silence id. */
    String silence(Map<String, String> labels, Instant endsAt, String createdBy, String comment) {
        List<Map<String, Object>> matchers = new ArrayList<>();
        labels.forEach((name, value) -> matchers.add(Map.of("name", name, "value", value, "isRegex", false, "isEqual", true)));
        Map<String, Object> body = Map.of("matchers", matchers, "startsAt", Instant.now().toString(),
                "endsAt", endsAt.toString(), "createdBy", createdBy, "comment", comment);
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.alertmanagerUrl() + "/api/v2/silences"))
                .timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
        return json.readTree(send(request)).path("silenceID").asString();
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Alertmanager answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("Alertmanager unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
