package io.plumbline.status.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.Topics;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.events.metrics.MetricSampled;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import io.plumbline.status.replicas.Leadership;
import org.springframework.beans.factory.annotation.Autowired;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every configured PromQL query through Prometheus' HTTP API ({@code /api/v1/query}) and publishes each result
 * as one {@code MetricSampled} on {@code ops.metrics.v1} (key: metric name), at a fixed cadence. A failing query is
 * skipped and counted; its card then greys out as stale instead of showing an old number as fresh. Only the
 * {@link Leadership leader} polls, so several replicas publish each sample once.
 */
@Component
public class MetricsPoller {

    private static final Logger log = LoggerFactory.getLogger(MetricsPoller.class);

    private final MetricsProperties properties;
    private final EventPublisher publisher;
    private final MeterRegistry meters;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final BooleanSupplier leader;

    /** A poller that always polls (for a caller that decides itself when to call {@link #pollOnce}). */
    public MetricsPoller(MetricsProperties properties, EventPublisher publisher, MeterRegistry meters) {
        this(properties, publisher, meters, () -> true);
    }

    @Autowired
    MetricsPoller(MetricsProperties properties, EventPublisher publisher, MeterRegistry meters, Leadership leadership) {
        this(properties, publisher, meters, leadership::isLeader);
    }

    private MetricsPoller(MetricsProperties properties, EventPublisher publisher, MeterRegistry meters,
            BooleanSupplier leader) {
        this.leader = leader;
        this.properties = properties;
        this.publisher = publisher;
        this.meters = meters;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
    }

    @Scheduled(fixedDelayString = "${plumbline.metrics.interval:15s}", initialDelayString = "5s")
    void scheduled() {
        if (properties.prometheusUrl() != null && leader.getAsBoolean()) {
            pollOnce();
        }
    }

    /** @return how many metrics were published */
    public int pollOnce() {
        int published = 0;
        for (Map.Entry<String, String> query : properties.queries().entrySet()) {
            try {
                List<MetricSampled.Sample> samples = query(query.getValue());
                publisher.publishAndWait(Topics.METRICS, java.util.UUID.randomUUID().toString(),
                        new MetricSampled(query.getKey(), query.getValue(), samples, Instant.now()), Instant.now(),
                        Duration.ofSeconds(10));
                published++;
                meters.counter("plumbline.metrics.polls", "metric", query.getKey(), "outcome", "ok").increment();
            } catch (RuntimeException e) {
                log.warn("metric {} not polled: {}", query.getKey(), e.getMessage());
                meters.counter("plumbline.metrics.polls", "metric", query.getKey(), "outcome", "error").increment();
            }
        }
        return published;
    }

    List<MetricSampled.Sample> query(String promql) {
        URI uri = properties.prometheusUrl().resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(properties.timeout()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Prometheus unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        JsonNode body = json.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asString())) {
            throw new IllegalStateException("query failed (" + response.statusCode() + "): " + body.path("error").asString());
        }
        JsonNode data = body.path("data");
        List<MetricSampled.Sample> samples = new ArrayList<>();
        if ("scalar".equals(data.path("resultType").asString())) {
            samples.add(sample(Map.of(), data.path("result")));
            return samples;
        }
        for (JsonNode series : data.path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            series.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            MetricSampled.Sample sample = sample(labels, series.path("value"));
            if (Double.isFinite(sample.value())) { // NaN/±Inf have no JSON form; a card shows "no data" instead
                samples.add(sample);
            }
        }
        return samples;
    }

    private static MetricSampled.Sample sample(Map<String, String> labels, JsonNode value) {
        double seconds = value.get(0).asDouble();
        Instant at = Instant.ofEpochMilli(Math.round(seconds * 1000));
        String text = value.get(1).asString();
        double v = switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
        return new MetricSampled.Sample(labels, v, at);
    }
}
