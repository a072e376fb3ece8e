package io.plumbline.status.logs;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loki's {@code GET /loki/api/v1/query_range} for a log query: the answer's {@code data.result} is a list of streams,
 * each with its labels ({@code stream}) and {@code values} of {@code ["<unix epoch ns>", "<line>"]} (Loki 3 may add a
 * third element, structured metadata, which is ignored).
 */
class LokiClient {

    /** One log line with the labels of its stream. */
    record LogLine(Instant at, long epochNanos, Map<String, String> labels, String line) {
    }

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    LokiClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Lines matching {@code query} in [start, end], oldest first. */
    List<LogLine> queryRange(String query, long startNanos, long endNanos, int limit) {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/loki/api/v1/query_range?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&start=" + startNanos + "&end=" + endNanos
                + "&limit=" + limit + "&direction=forward");
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Loki unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new IllegalStateException("Loki answered " + response.statusCode() + ": "
                    + (body.length() > 300 ? body.substring(0, 300) : body));
        }
        JsonNode root = json.readTree(response.body());
        JsonNode data = root.path("data");
        if (!"success".equals(root.path("status").asString()) || !"streams".equals(data.path("resultType").asString())) {
            throw new IllegalStateException("not a log query answer: status " + root.path("status").asString()
                    + ", resultType " + data.path("resultType").asString());
        }
        List<LogLine> lines = new ArrayList<>();
        for (JsonNode stream : data.path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            stream.path("stream").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            for (JsonNode value : stream.path("values")) {
                long ns = Long.parseLong(value.get(0).asString());
                lines.add(new LogLine(Instant.ofEpochSecond(0, ns), ns, Map.copyOf(labels), value.get(1).asString()));
            }
        }
        lines.sort(Comparator.comparingLong(LogLine::epochNanos));
        return lines;
    }
}
