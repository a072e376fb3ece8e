package io.plumbline.alerting.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.plumbline.localstack.infra.Ports;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.monitoring.Alertmanager;
import io.plumbline.localstack.testing.PlumblineStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Benchmark, not a test (surefire's default includes skip it; run it with
 * {@code ./mvnw -B -pl alert-router test -Dtest=AlertsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}).
 * Side by side with the same alerts and the same Slack stub: Alertmanager's native {@code slack_configs} versus
 * Alertmanager → alert-router → Kafka → Slack; webhook ingest latency at a sustained rate; a 1,000-alert storm.
 * Production pacing (1 message/s per channel). Results go to stdout and {@code target/bench-alerts.md}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ExtendWith(PlumblineStack.class)
class AlertsBenchmark {

    static final int ROUTER_PORT = Ports.free();
    static final WireMockServer slack = new WireMockServer(options().bindAddress("127.0.0.1").port(Ports.free())
            .globalTemplating(true).containerThreads(20));
    static final HttpClient http = HttpClient.newHttpClient();

    static {
        slack.start();
        slack.stubFor(post(urlPathMatching("/api/chat\\.(postMessage|update)")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"{{now format='epoch'}}.{{randomValue length=6 type='NUMERIC'}}\"}")));
        slack.stubFor(post(urlPathMatching("/native/.*")).willReturn(aResponse().withBody("ok")));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PlumblineStack.register(registry, ServiceDefinition.ALERT_ROUTER);
        registry.add("server.port", () -> ROUTER_PORT);
        registry.add("plumbline.slack.web-api-url", () -> slack.baseUrl() + "/api");
        registry.add("plumbline.slack.bot-token", () -> "xoxb-bench");
        registry.add("plumbline.slack.routes[0].match.bench", () -> "storm");
        registry.add("plumbline.slack.routes[0].channel", () -> "#storm");
        registry.add("logging.level.io.plumbline", () -> "WARN");
    }

    @Test
    void run() throws Exception {
        String token = PlumblineStack.properties(ServiceDefinition.ALERT_ROUTER).get("plumbline.alerting.webhook.bearer-token");
        StringBuilder report = new StringBuilder("# bench alerts — " + Instant.now() + "\n\n");
        String viaRouter = Alertmanager.webhookConfig("http://127.0.0.1:" + ROUTER_PORT + "/alertmanager/webhook", token,
                "1s", "1s", "4h");
        String nativeSlack = """
                route:
                  receiver: slack
                  group_by: ['alertname', 'instance']
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 4h
                receivers:
                  - name: slack
                    slack_configs:
                      - api_url: '%s/native/hook'
                        channel: '#ops-alerts'
                        send_resolved: true
                """.formatted(slack.baseUrl());
        try (Alertmanager routed = new Alertmanager(Files.createTempDirectory("bench-am-router"), Ports.free(), viaRouter, 0, List.of());
                Alertmanager nat = new Alertmanager(Files.createTempDirectory("bench-am-native"), Ports.free(), nativeSlack, 0, List.of())) {
            routed.start();
            nat.start();

            // 1. delivery latency, same alerts fired at both Alertmanagers at the same instant
            int n = 40;
            List<Long> viaRouterMs = new ArrayList<>();
            List<Long> nativeMs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "Bench" + UUID.randomUUID().toString().substring(0, 8);
                String body = "[{\"labels\":{\"alertname\":\"" + name + "\",\"instance\":\"db-1\",\"severity\":\"critical\"},"
                        + "\"annotations\":{\"summary\":\"bench\"}}]";
                Instant t0 = Instant.now();
                postJson(routed.baseUrl() + "/api/v2/alerts", body, null);
                postJson(nat.baseUrl() + "/api/v2/alerts", body, null);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                        .until(() -> arrival(name, "/api/") != null && arrival(name, "/native/") != null);
                viaRouterMs.add(Duration.between(t0, arrival(name, "/api/")).toMillis());
                nativeMs.add(Duration.between(t0, arrival(name, "/native/")).toMillis());
            }
            // in order, so a reader can tell a cold start (the first samples) from a loaded machine (anywhere)
            System.out.println("delivery samples ms, native: " + nativeMs + "\nvia router: " + viaRouterMs);
            report.append("## Delivery latency (alert posted to Alertmanager → request at the Slack stub), n=").append(n)
                    .append(", group_wait 1s\n\n| path | p50 ms | p99 ms |\n|---|---|---|\n")
                    .append("| Alertmanager slack_configs (native) | ").append(p(nativeMs, 50)).append(" | ").append(p(nativeMs, 99)).append(" |\n")
                    .append("| Alertmanager → alert-router → Kafka → Slack | ").append(p(viaRouterMs, 50)).append(" | ").append(p(viaRouterMs, 99)).append(" |\n")
                    .append(String.format("| ratio router/native | %.2f | %.2f |%n%n", (double) p(viaRouterMs, 50) / p(nativeMs, 50),
                            (double) p(viaRouterMs, 99) / p(nativeMs, 99)));

            // 2. webhook ingest latency at a sustained rate (one alert per request, each a new episode)
            int rate = 50;
            int seconds = 10;
            List<Long> ingest = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < rate * seconds; i++) {
                long due = start + i * 1_000_000_000L / rate;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                String fp = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
                long t = System.nanoTime();
                HttpResponse<String> r = postJson("http://127.0.0.1:" + ROUTER_PORT + "/alertmanager/webhook",
                        webhook("IngestBench", fp, "ingest-" + i, "ingest"), "Bearer " + token);
                ingest.add((System.nanoTime() - t) / 1_000_000);
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("ingest answered " + r.statusCode());
                }
            }
            report.append("## Webhook ingest (POST → 200 after the broker confirmed), ").append(rate).append(" req/s for ")
                    .append(seconds).append(" s\n\n| p50 ms | p99 ms | max ms |\n|---|---|---|\n| ")
                    .append(p(ingest, 50)).append(" | ").append(p(ingest, 99)).append(" | ").append(Collections.max(ingest)).append(" |\n\n");

            // 3. storm: 1,000 alerts for one channel in 10 notifications of 100
            slack.resetRequests();
            Instant stormStart = Instant.now();
            for (int batch = 0; batch < 10; batch++) {
                StringBuilder alerts = new StringBuilder();
                for (int i = 0; i < 100; i++) {
                    String fp = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
                    alerts.append(i == 0 ? "" : ",").append(alert("StormBench" + (i % 5), fp, "node-" + batch + "-" + i, "storm"));
                }
                postJson("http://127.0.0.1:" + ROUTER_PORT + "/alertmanager/webhook", envelope(alerts.toString()), "Bearer " + token);
            }
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> stormAlertsDelivered() >= 1000);
            Duration drain = Duration.between(stormStart, Instant.now());
            long messages = slack.getAllServeEvents().stream().filter(e -> e.getRequest().getBodyAsString().contains("StormBench")).count();
            report.append("## Storm: 1,000 alerts (10 notifications × 100), one channel\n\n| alerts accounted for | Slack messages | time to drain |\n|---|---|---|\n| ")
                    .append(stormAlertsDelivered()).append(" | ").append(messages).append(" | ")
                    .append(String.format("%.1f s", drain.toMillis() / 1000.0)).append(" |\n");
        }
        System.out.println(report);
        Files.writeString(Path.of("target", "bench-alerts.md"), report);
    }

    /** Alerts covered by Slack messages so far: a storm summary counts "경보 N건", a single message counts one. */
    private static int stormAlertsDelivered() {
        int total = 0;
        Pattern count = Pattern.compile("경보 (\\d+)건");
        for (ServeEvent e : slack.getAllServeEvents()) {
            String body = e.getRequest().getBodyAsString();
            if (!body.contains("StormBench") || e.getResponse().getStatus() != 200) {
                continue;
            }
            Matcher m = count.matcher(body);
            total += m.find() ? Integer.parseInt(m.group(1)) : 1;
        }
        return total;
    }

    private static Instant arrival(String name, String pathPrefix) {
        Map<String, Instant> first = new HashMap<>();
        for (ServeEvent e : slack.getAllServeEvents()) {
            if (e.getRequest().getUrl().startsWith(pathPrefix) && e.getRequest().getBodyAsString().contains(name)) {
                Instant at = e.getRequest().getLoggedDate().toInstant();
                first.merge(name, at, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return first.get(name);
    }

    private static long p(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String alert(String name, String fp, String instance, String bench) {
        return """
                {"status":"firing","labels":{"alertname":"%s","instance":"%s","severity":"critical","bench":"%s"},
                 "annotations":{"summary":"bench"},"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z",
                 "generatorURL":"http://prometheus/graph","fingerprint":"%s"}""".formatted(name, instance, bench, Instant.now(), fp);
    }

    private static String envelope(String alerts) {
        return """
                {"receiver":"plumbline","status":"firing","alerts":[%s],"groupLabels":{},"commonLabels":{},
                 "commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","version":"4","groupKey":"{}:{}",
                 "truncatedAlerts":0}""".formatted(alerts);
    }

    private static String webhook(String name, String fp, String instance, String bench) {
        return envelope(alert(name, fp, instance, bench));
    }

    private static HttpResponse<String> postJson(String url, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
