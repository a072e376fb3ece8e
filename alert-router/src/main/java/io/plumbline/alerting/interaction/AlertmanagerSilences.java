package io.plumbline.alerting.interaction;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.plumbline.alerting.AlertingProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Creates silences through Alertmanager's v2 API ({@code POST /api/v2/silences}). */
@Component
class AlertmanagerSilences {

    private final AlertingProperties properties;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AlertmanagerSilences(AlertingProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    boolean available() {
        return properties.alertmanagerUrl() != null;
    }

    /** Silences exactly this alert's label set; returns the silence id. */
    String silence(Map<String, String> labels, Instant endsAt, String createdBy, String comment) {
        List<Map<String, Object>> matchers = new ArrayList<>();
        labels.forEach((name, value) -> matchers.add(Map.of("name", name, "value", value, "isRegex", false, "isEqual", true)));
        Map<String, Object> body = Map.of("matchers", matchers, "startsAt", Instant.now().toString(),
                "endsAt", endsAt.toString(), "createdBy", createdBy, "comment", comment);
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.alertmanagerUrl() + "/api/v2/silences"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Alertmanager answered " + response.statusCode() + ": " + response.body());
            }
            return json.readTree(response.body()).path("silenceID").asString();
        } catch (IOException e) {
            throw new IllegalStateException("Alertmanager unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
