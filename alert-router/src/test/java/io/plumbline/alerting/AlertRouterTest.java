package io.plumbline.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.plumbline.localstack.infra.Ports;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.monitoring.Alertmanager;
import io.plumbline.localstack.testing.PlumblineStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole path against real components: Debian's Alertmanager fired with {@code amtool}, the router on a real port,
 * the embedded Kafka broker and MariaDB, and a WireMock stub speaking Slack's Web API. One Spring context for all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ExtendWith(PlumblineStack.class)
class AlertRouterTest {

    static final int ROUTER_PORT = Ports.free();

    @LocalManagementPort
    int managementPort;
    static final int AM_PORT = Ports.free();
    static final String SIGNING_SECRET = "test-signing-secret-" + UUID.randomUUID();
    static final WireMockServer slack = new WireMockServer(options().bindAddress("127.0.0.1").port(Ports.free())
            .globalTemplating(true));
    static final JsonMapper json = JsonMapper.builder().build();
    static final HttpClient http = HttpClient.newHttpClient();
    static Alertmanager alertmanager;
    static String token;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.kafka.config.KafkaListenerEndpointRegistry listeners;

    @org.springframework.beans.factory.annotation.Autowired
    io.plumbline.events.kafka.EventPublisher publisher;

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    /** The channel ids the stub answers with, as Slack does: posts name the channel, replies and updates use its id. */
    static final java.util.Map<String, String> CHANNEL_IDS = java.util.Map.of("#ops-alerts", "C0OPSALERTS",
            "#rate-limited", "C0RATELIMITED", "#outage", "C0OUTAGE", "#storm", "C0STORM", "#restart", "C0RESTART",
            "#missing", "C0MISSING", "#pace", "C0PACE");

    static {
        slack.start();
        answerNormally();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PlumblineStack.register(registry, ServiceDefinition.ALERT_ROUTER);
        token = PlumblineStack.properties(ServiceDefinition.ALERT_ROUTER).get("plumbline.alerting.webhook.bearer-token");
        registry.add("server.port", () -> ROUTER_PORT);
        registry.add("plumbline.slack.web-api-url", () -> slack.baseUrl() + "/api");
        registry.add("plumbline.slack.bot-token", () -> "xoxb-test");
        registry.add("plumbline.slack.signing-secret", () -> SIGNING_SECRET);
        registry.add("plumbline.slack.default-channel", () -> "#ops-alerts");
        registry.add("plumbline.slack.routes[0].match.team", () -> "ratelimit");
        registry.add("plumbline.slack.routes[0].channel", () -> "#rate-limited");
        registry.add("plumbline.slack.routes[1].match.team", () -> "outage");
        registry.add("plumbline.slack.routes[1].channel", () -> "#outage");
        registry.add("plumbline.slack.routes[2].match.team", () -> "storm");
        registry.add("plumbline.slack.routes[2].channel", () -> "#storm");
        registry.add("plumbline.slack.routes[3].match.team", () -> "restart");
        registry.add("plumbline.slack.routes[3].channel", () -> "#restart");
        registry.add("plumbline.slack.routes[4].match.team", () -> "missing");
        registry.add("plumbline.slack.routes[4].channel", () -> "#missing");
        registry.add("plumbline.slack.routes[5].match.team", () -> "pace");
        registry.add("plumbline.slack.routes[5].channel", () -> "#pace");
        registry.add("plumbline.slack.per-channel-interval", () -> "200ms");
        registry.add("plumbline.slack.backoff-initial", () -> "200ms");
        registry.add("plumbline.slack.backoff-max", () -> "1s");
        registry.add("plumbline.slack.max-attempts", () -> "40");
        registry.add("plumbline.slack.storm-threshold", () -> "5");
        registry.add("plumbline.alerting.alertmanager-url", () -> "http://127.0.0.1:" + AM_PORT);
        registry.add("plumbline.alerting.grafana-url", () -> "http://grafana.example/d/plumbline");
    }

    @BeforeAll
    static void startAlertmanager() throws IOException {
        token = PlumblineStack.properties(ServiceDefinition.ALERT_ROUTER).get("plumbline.alerting.webhook.bearer-token");
        alertmanager = new Alertmanager(Files.createTempDirectory("am-single"), AM_PORT, Alertmanager.webhookConfig(
                "http://127.0.0.1:" + ROUTER_PORT + "/alertmanager/webhook", token, "1s", "1s", "4h"), 0, List.of());
        alertmanager.start();
    }

    @AfterAll
    static void stop() {
        alertmanager.stop();
    }

    static void answerNormally() {
        slack.resetMappings();
        CHANNEL_IDS.forEach((name, id) -> slack.stubFor(post(urlPathMatching("/api/chat\\.(postMessage|update)"))
                .atPriority(5).withRequestBody(matchingJsonPath("$.channel", com.github.tomakehurst.wiremock.client.WireMock
                        .matching(java.util.regex.Pattern.quote(name) + "|" + id)))
                .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody("{\"ok\":true,\"channel\":\"" + id + "\","
                                + "\"ts\":\"{{now format='epoch'}}.{{randomValue length=6 type='NUMERIC'}}\"}"))));
        // an interaction's response_url (hooks.slack.com/actions/… in production)
        slack.stubFor(post(urlPathMatching("/actions/.*")).atPriority(5).willReturn(aResponse().withBody("ok")));
    }

    // ---------------------------------------------------------------- helpers

    static void amtool(String url, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("amtool", "--alertmanager.url=" + url));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("amtool %s: %s", args, out).isZero();
    }

    /** Requests Slack answered 200, for one method, whose JSON body mentions {@code text}, oldest first. */
    static List<JsonNode> slackCalls(String method, String text) {
        return slack.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/api/" + method) && e.getResponse().getStatus() == 200)
                .filter(e -> e.getRequest().getBodyAsString().contains(text))
                .sorted(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(e -> json.readTree(e.getRequest().getBodyAsString())).toList();
    }

    static List<ServeEvent> allCalls(String text) {
        return slack.getAllServeEvents().stream().filter(e -> e.getRequest().getBodyAsString().contains(text))
                .sorted(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
    }

    static String answeredTs(String method, String text) {
        return slack.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/api/" + method) && e.getResponse().getStatus() == 200)
                .filter(e -> e.getRequest().getBodyAsString().contains(text))
                .map(e -> json.readTree(e.getResponse().getBodyAsString()).path("ts").asString()).findFirst().orElseThrow();
    }

    /** The first line of the plain-text fallback: the seed's title, e.g. {@code [FATAL ERROR] DiskAlmostFull}. */
    static String title(JsonNode message) {
        return message.path("text").asString().split("\n", 2)[0];
    }

    static String bodyText(JsonNode message) {
        return message.path("text").asString() + "\n" + message.path("attachments").path(0).path("blocks").toString();
    }

    static HttpResponse<String> webhook(String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ROUTER_PORT + "/alertmanager/webhook"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A webhook body shaped exactly like Alertmanager 0.25's (captured from the Debian package). */
    static String payload(String status, String alertname, String fingerprint, String team, Instant startsAt, Instant endsAt) {
        return notification(status, alertname, alert(status, alertname, fingerprint, team, startsAt, endsAt));
    }

    static String alert(String status, String alertname, String fingerprint, String team, Instant startsAt, Instant endsAt) {
        return """
                {"status":"%s","labels":{"alertname":"%s","instance":"db-1:9104","severity":"critical","team":"%s"},
                 "annotations":{"summary":"%s is broken"},"startsAt":"%s","endsAt":"%s",
                 "generatorURL":"http://prometheus/graph","fingerprint":"%s"}""".formatted(status, alertname, team,
                alertname, startsAt, endsAt == null ? "0001-01-01T00:00:00Z" : endsAt, fingerprint);
    }

    /** A notification of the alerts (JSON objects, comma-separated) as Alertmanager groups them by alertname. */
    static String notification(String status, String alertname, String alert) {
        return """
                {"receiver":"plumbline","status":"%s","alerts":[%s],"groupLabels":{"alertname":"%s"},
                 "commonLabels":{},"commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","version":"4",
                 "groupKey":"{}:{alertname=\\"%s\\"}","truncatedAlerts":0}""".formatted(status, alert, alertname, alertname);
    }

    static String fingerprint() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    // ---------------------------------------------------------------- behaviour

    @Test
    void deliversFiringInSeedFormatAndResolveAsThreadReplyWithUpdate() throws Exception {
        String name = "DiskAlmostFull" + fingerprint();
        amtool(alertmanager.baseUrl(), "alert", "add", "alertname=" + name, "instance=172.16.0.9:9100",
                "severity=critical", "--annotation=summary=Disk is 95% full",
                "--annotation=runbook_url=https://runbooks.example/disk");

        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", name).size() == 1);
        JsonNode firing = slackCalls("chat.postMessage", name).get(0);
        String text = bodyText(firing);
        assertThat(firing.path("channel").asString()).isEqualTo("#ops-alerts");
        assertThat(title(firing)).isEqualTo("[FATAL ERROR] " + name);
        assertThat(firing.path("text").asString()).as("plain-text fallback")
                .contains("상세 내용: Disk is 95% full", "대상 서버: 172.16.0.9:9100");
        assertThat(text).contains("상세 내용:* Disk is 95% full", "대상 서버:* 172.16.0.9:9100",
                "<http://127.0.0.1:8082|관리자 대시보드 접속>", "|Grafana>", "<https://runbooks.example/disk|Runbook>",
                "\"action_id\":\"ack\"", "\"action_id\":\"silence\"");
        assertThat(firing.path("attachments").path(0).path("color").asString()).isEqualTo("#d00000");
        String ts = answeredTs("chat.postMessage", name);

        amtool(alertmanager.baseUrl(), "alert", "add", "alertname=" + name, "instance=172.16.0.9:9100",
                "severity=critical", "--annotation=summary=Disk is 95% full",
                "--annotation=runbook_url=https://runbooks.example/disk", "--end=" + Instant.now());

        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.update", name).size() == 1);
        List<JsonNode> posts = slackCalls("chat.postMessage", name);
        assertThat(posts).hasSize(2);
        JsonNode reply = posts.get(1);
        assertThat(reply.path("thread_ts").asString()).isEqualTo(ts);
        assertThat(title(reply)).isEqualTo("[RESOLVED] " + name);
        assertThat(bodyText(reply)).contains("● 시스템이 정상 상태로 복구되었습니다.", "대상 서버:* 172.16.0.9:9100");
        JsonNode update = slackCalls("chat.update", name).get(0);
        assertThat(update.path("ts").asString()).isEqualTo(ts);
        assertThat(update.path("channel").asString()).as("chat.update needs the id Slack answered").isEqualTo("C0OPSALERTS");
        assertThat(reply.path("channel").asString()).isEqualTo("C0OPSALERTS");
        assertThat(title(update)).isEqualTo("[RESOLVED] " + name);
        assertThat(bodyText(update)).doesNotContain("action_id");
    }

    @Test
    void twoClusteredPeersProduceOneMessage() throws Exception {
        int c1 = Ports.free();
        int c2 = Ports.free();
        String config = Alertmanager.webhookConfig("http://127.0.0.1:" + ROUTER_PORT + "/alertmanager/webhook", token,
                "1s", "1s", "4h");
        try (Alertmanager a = new Alertmanager(Files.createTempDirectory("am-a"), Ports.free(), config, c1, List.of(c2));
                Alertmanager b = new Alertmanager(Files.createTempDirectory("am-b"), Ports.free(), config, c2, List.of(c1))) {
            a.start();
            b.start();
            String name = "PeerDuplicate" + fingerprint();
            Instant startsAt = Instant.now();
            for (Alertmanager peer : List.of(a, b)) { // as Prometheus does: every alert to every peer
                amtool(peer.baseUrl(), "alert", "add", "alertname=" + name, "instance=db-2", "severity=warning",
                        "--annotation=summary=replica lag", "--start=" + startsAt);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", name).size() == 1);
            Instant endsAt = Instant.now();
            for (Alertmanager peer : List.of(a, b)) {
                amtool(peer.baseUrl(), "alert", "add", "alertname=" + name, "instance=db-2", "severity=warning",
                        "--annotation=summary=replica lag", "--start=" + startsAt, "--end=" + endsAt);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.update", name).size() == 1);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> slackCalls("chat.postMessage", name).size() == 2 && slackCalls("chat.update", name).size() == 1);
            assertThat(title(slackCalls("chat.postMessage", name).get(0))).startsWith("[WARNING] ");
        }
    }

    @Test
    void staleFiringAfterResolveDoesNotReopen() throws Exception {
        String name = "StaleFiring" + fingerprint();
        String fp = fingerprint();
        Instant startsAt = Instant.parse("2026-01-02T03:04:05.123456789Z");
        Instant endsAt = startsAt.plusSeconds(60);
        String auth = "Bearer " + token;
        assertThat(webhook(payload("firing", name, fp, "db", startsAt, null), auth).statusCode()).isEqualTo(200);
        assertThat(webhook(payload("firing", name, fp, "db", startsAt, null), auth).statusCode()).isEqualTo(200);
        assertThat(webhook(payload("resolved", name, fp, "db", startsAt, endsAt), auth).statusCode()).isEqualTo(200);
        assertThat(webhook(payload("firing", name, fp, "db", startsAt, null), auth).statusCode()).isEqualTo(200);
        assertThat(webhook(payload("resolved", name, fp, "db", startsAt, endsAt.plusSeconds(15)), auth).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.update", name).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> slackCalls("chat.postMessage", name).size() == 2);
        assertThat(slackCalls("chat.postMessage", name)).extracting(AlertRouterTest::title)
                .containsExactly("[FATAL ERROR] " + name, "[RESOLVED] " + name);
    }

    @Test
    void honoursRetryAfterOn429NeverFaster() throws Exception {
        String name = "RateLimited" + fingerprint();
        slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.text", com.github.tomakehurst.wiremock.client.WireMock.containing(name)))
                .inScenario(name).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willSetStateTo("limited-once")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
        assertThat(webhook(payload("firing", name, fingerprint(), "ratelimit", Instant.now(), null), "Bearer " + token)
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", name).size() == 1);
        List<ServeEvent> calls = allCalls(name);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).getResponse().getStatus()).isEqualTo(429);
        long waited = calls.get(1).getRequest().getLoggedDate().getTime() - calls.get(0).getRequest().getLoggedDate().getTime();
        assertThat(waited).isGreaterThanOrEqualTo(2000);
    }

    @Test
    void messagesToOneChannelKeepTheIntervalWhetherAddressedByNameOrId() throws Exception {
        String name = "Paced" + fingerprint();
        String a = fingerprint();
        String b = fingerprint();
        Instant startsAt = Instant.now();
        assertThat(webhook(payload("firing", name, a, "pace", startsAt, null), "Bearer " + token).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", name).size() == 1);
        // one notification: A's resolve (reply + update, to the id) right before B's firing (a post, to the name)
        String both = notification("firing", name, alert("resolved", name, a, "pace", startsAt, startsAt.plusSeconds(1))
                + "," + alert("firing", name, b, "pace", startsAt, null));
        assertThat(webhook(both, "Bearer " + token).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", name).size() == 3
                && slackCalls("chat.update", name).size() == 1);

        List<ServeEvent> calls = allCalls(name);
        assertThat(calls).hasSize(4);
        assertThat(calls).extracting(e -> json.readTree(e.getRequest().getBodyAsString()).path("channel").asString())
                .containsOnly("#pace", "C0PACE").contains("#pace", "C0PACE");
        for (int i = 1; i < calls.size(); i++) {
            long gap = calls.get(i).getRequest().getLoggedDate().getTime() - calls.get(i - 1).getRequest().getLoggedDate().getTime();
            assertThat(gap).as("gap before message %d to #pace/C0PACE", i).isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    void slackOutageDeliversEverythingAfterwardsInOrderPerAlert() throws Exception {
        var down = slack.stubFor(post(urlPathMatching("/api/chat\\..*")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.channel", com.github.tomakehurst.wiremock.client.WireMock.matching("#outage|C0OUTAGE")))
                .willReturn(aResponse().withStatus(503)));
        String name = "Outage" + fingerprint();
        // two alerts, four changes: under the storm threshold (5), so each is its own message
        List<String> fps = List.of(fingerprint(), fingerprint());
        Instant startsAt = Instant.now();
        for (String fp : fps) {
            assertThat(webhook(payload("firing", name + fp, fp, "outage", startsAt, null), "Bearer " + token).statusCode())
                    .isEqualTo(200);
        }
        for (String fp : fps) {
            assertThat(webhook(payload("resolved", name + fp, fp, "outage", startsAt, startsAt.plusSeconds(1)),
                    "Bearer " + token).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> allCalls(name).stream()
                .filter(e -> e.getResponse().getStatus() == 503).count() >= 3);
        slack.removeStub(down);
        // >= 1: the resolve's thread reply (also a postMessage naming the alert) may follow within the interval
        await().atMost(Duration.ofSeconds(60)).until(() -> fps.stream()
                .allMatch(fp -> slackCalls("chat.postMessage", name + fp).size() >= 1));
        for (String fp : fps) {
            // the outage outlasted the firing, so resolve still arrives after it: per alert, in order
            List<String> texts = allCalls(name + fp).stream().filter(e -> e.getResponse().getStatus() == 200)
                    .map(e -> title(json.readTree(e.getRequest().getBodyAsString()))).toList();
            assertThat(texts.get(0)).isEqualTo("[FATAL ERROR] " + name + fp);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> fps.stream()
                .allMatch(fp -> slackCalls("chat.update", name + fp).size() == 1));
        for (String fp : fps) {
            List<String> texts = allCalls(name + fp).stream().filter(e -> e.getResponse().getStatus() == 200)
                    .map(e -> title(json.readTree(e.getRequest().getBodyAsString()))).toList();
            assertThat(texts).containsExactly("[FATAL ERROR] " + name + fp, "[RESOLVED] " + name + fp, "[RESOLVED] " + name + fp);
        }
    }

    @Test
    void alertStormBecomesOneSummary() throws Exception {
        String name = "Storm" + fingerprint();
        StringBuilder alerts = new StringBuilder();
        Instant startsAt = Instant.now();
        for (int i = 0; i < 30; i++) {
            alerts.append(i == 0 ? "" : ",").append("""
                    {"status":"firing","labels":{"alertname":"%s","instance":"node-%d","severity":"critical","team":"storm"},
                     "annotations":{"summary":"down"},"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z",
                     "generatorURL":"http://prometheus/graph","fingerprint":"%s"}""".formatted(name, i, startsAt, fingerprint()));
        }
        String body = """
                {"receiver":"plumbline","status":"firing","alerts":[%s],"groupLabels":{},"commonLabels":{},
                 "commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","version":"4","groupKey":"{}:{}",
                 "truncatedAlerts":0}""".formatted(alerts);
        assertThat(webhook(body, "Bearer " + token).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", name).stream()
                .mapToInt(AlertRouterTest::alertsIn).sum() == 30);
        // a few summaries (one per poll that caught more than the threshold) instead of thirty messages
        assertThat(slackCalls("chat.postMessage", name).size()).isLessThanOrEqualTo(10);
        assertThat(slackCalls("chat.postMessage", name)).anySatisfy(m -> assertThat(m.path("text").asString())
                .startsWith("[ALERT STORM]"));
    }

    /** How many alerts a message stands for: a storm summary says "경보 N건", anything else is one. */
    private static int alertsIn(JsonNode message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("경보 (\\d+)건").matcher(message.path("text").asString());
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    @Test
    void rejectsBadCredentialsAndBadBodies() throws Exception {
        String good = payload("firing", "X", "abc123", "db", Instant.now(), null);
        assertThat(webhook(good, null).statusCode()).isEqualTo(401);
        assertThat(webhook(good, "Bearer wrong-token-wrong-token").statusCode()).isEqualTo(401);
        HttpResponse<String> malformed = webhook("{\"version\":", "Bearer " + token);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        HttpResponse<String> version = webhook(good.replace("\"version\":\"4\"", "\"version\":\"3\""), "Bearer " + token);
        assertThat(version.statusCode()).isEqualTo(400);
        assertThat(version.body()).contains("version");
        HttpResponse<String> fingerprint = webhook(good.replace("\"fingerprint\":\"abc123\"", "\"fingerprint\":\"<script>\""),
                "Bearer " + token);
        assertThat(fingerprint.statusCode()).isEqualTo(400);
        assertThat(fingerprint.body()).contains("alerts[0].fingerprint");
        HttpResponse<String> time = webhook(good.replaceFirst("\"startsAt\":\"[^\"]+\"", "\"startsAt\":\"yesterday\""),
                "Bearer " + token);
        assertThat(time.statusCode()).isEqualTo(400);
        assertThat(time.body()).contains("alerts[0].startsAt");
        HttpResponse<String> empty = webhook(good.replaceFirst("(?s)\"alerts\":\\[.*\\],\"groupLabels\"", "\"alerts\":[],\"groupLabels\""),
                "Bearer " + token);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("alerts");
    }

    @Test
    void acknowledgeAndSilenceFromSlackWithVerifiedSignature() throws Exception {
        String name = "Interactive" + fingerprint();
        String fp = fingerprint();
        Instant startsAt = Instant.parse("2026-03-04T05:06:07.5Z");
        assertThat(webhook(payload("firing", name, fp, "db", startsAt, null), "Bearer " + token).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", name).size() == 1);
        String ts = answeredTs("chat.postMessage", name);

        String ack = interaction("ack", fp + "|" + startsAt);
        assertThat(slackInteraction(ack, "v0=" + "0".repeat(64), Instant.now()).statusCode()).isEqualTo(401);
        assertThat(slackInteraction(ack, null, Instant.now()).statusCode()).isEqualTo(401);
        assertThat(slackInteraction(ack, sign(ack, Instant.now().minusSeconds(600)), Instant.now().minusSeconds(600))
                .statusCode()).isEqualTo(401);
        assertThat(slackInteraction(ack, sign(ack, Instant.now()), Instant.now()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> slackCalls("chat.postMessage", "jdoe").stream()
                .anyMatch(m -> ts.equals(m.path("thread_ts").asString()) && m.toString().contains("확인")));

        String silence = interaction("silence", fp + "|" + startsAt);
        assertThat(slackInteraction(silence, sign(silence, Instant.now()), Instant.now()).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> activeSilences(name).size() == 1);
        assertThat(activeSilences(name).get(0).path("createdBy").asString()).isEqualTo("jdoe");
        await().atMost(Duration.ofSeconds(20)).until(() -> slackCalls("chat.postMessage", "jdoe").stream()
                .anyMatch(m -> ts.equals(m.path("thread_ts").asString()) && m.toString().contains("무음")));
    }

    @Test
    void repeatedClicksBecomeOneAcknowledgementAndOneSilence() throws Exception {
        String name = "DoubleClick" + fingerprint();
        String fp = fingerprint();
        Instant startsAt = Instant.now();
        String user = "kim" + fp;
        assertThat(webhook(payload("firing", name, fp, "db", startsAt, null), "Bearer " + token).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", name).size() == 1);
        String ts = answeredTs("chat.postMessage", name);
        String value = fp + "|" + startsAt;

        // a double click (two action_ts) and Slack resending the first click (same body, same action_ts)
        String first = interaction("ack", value, user, "1700000001.000001", "/actions/T1/1/a");
        String second = interaction("ack", value, user, "1700000001.500002", "/actions/T1/1/b");
        for (String click : List.of(first, second, first)) {
            assertThat(slackInteraction(click, sign(click, Instant.now()), Instant.now()).statusCode()).isEqualTo(200);
        }
        for (String actionTs : List.of("1700000002.000001", "1700000002.400002")) {
            String click = interaction("silence", value, user, actionTs, "/actions/T1/2/" + actionTs);
            assertThat(slackInteraction(click, sign(click, Instant.now()), Instant.now()).statusCode()).isEqualTo(200);
        }

        java.util.function.Function<String, Long> replies = word -> slackCalls("chat.postMessage", user).stream()
                .filter(m -> ts.equals(m.path("thread_ts").asString()) && m.toString().contains(word)).count();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(List.of(replies.apply("확인"),
                replies.apply("무음"))).as("acknowledged, silenced replies").containsExactly(1L, 1L));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> assertThat(List.of(
                replies.apply("확인"), replies.apply("무음"))).as("acknowledged, silenced replies").containsExactly(1L, 1L));
        assertThat(activeSilences(name)).hasSize(1);
    }

    @Test
    void whileItsOwnDatabaseIsDownWebhooksStayQuickAndClicksAreAnsweredAtOnce() throws Exception {
        String name = "DbDownClick" + fingerprint();
        String fp = fingerprint();
        Instant startsAt = Instant.now();
        assertThat(webhook(payload("firing", name, fp, "db", startsAt, null), "Bearer " + token).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM alert_thread WHERE fingerprint = ?", Integer.class, fp) == 1);
        List<String> fps = new ArrayList<>();
        PlumblineStack.get().stopPrimary();
        try {
            for (int notification = 0; notification < 2; notification++) {
                StringBuilder alerts = new StringBuilder();
                for (int i = 0; i < 10; i++) {
                    String f = fingerprint();
                    fps.add(f);
                    alerts.append(i == 0 ? "" : ",").append("""
                            {"status":"firing","labels":{"alertname":"DbDownIngest","instance":"node-%d","severity":"warning"},
                             "annotations":{"summary":"x"},"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z",
                             "generatorURL":"http://prometheus/graph","fingerprint":"%s"}""".formatted(i, Instant.now(), f));
                }
                String body = """
                        {"receiver":"plumbline","status":"firing","alerts":[%s],"groupLabels":{},"commonLabels":{},
                         "commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","version":"4","groupKey":"{}:{}",
                         "truncatedAlerts":0}""".formatted(alerts);
                long t0 = System.nanoTime();
                HttpResponse<String> response = webhook(body, "Bearer " + token);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(millis).as("10 alerts, database down").isLessThan(5_000);
            }

            String click = interaction("ack", fp + "|" + startsAt, "lee" + fp, "1700000003.000001", "/actions/T1/3/" + fp);
            long t0 = System.nanoTime();
            HttpResponse<String> response = slackInteraction(click, sign(click, Instant.now()), Instant.now());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("Slack wants its answer within 3 s").isLessThan(3_000);
            await().atMost(Duration.ofSeconds(20)).until(() -> responses("/actions/T1/3/" + fp).stream()
                    .anyMatch(b -> b.contains("ephemeral") && b.contains("다시 시도")));
        } finally {
            PlumblineStack.get().startPrimary();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> keysOn("ops.alerts.v1").containsAll(fps));
    }

    @Test
    void consumerRestartMidQueueLosesNothingAndDuplicatesNothing() throws Exception {
        var down = slack.stubFor(post(urlPathMatching("/api/chat\\..*")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.channel", com.github.tomakehurst.wiremock.client.WireMock.matching("#restart|C0RESTART")))
                .willReturn(aResponse().withStatus(503)));
        String name = "Restart" + fingerprint();
        List<String> fps = new ArrayList<>(List.of(fingerprint(), fingerprint(), fingerprint()));
        for (String fp : fps) {
            assertThat(webhook(payload("firing", name + fp, fp, "restart", Instant.now(), null), "Bearer " + token)
                    .statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> allCalls(name).stream()
                .anyMatch(e -> e.getResponse().getStatus() == 503));
        var container = listeners.getListenerContainer("alert-router-alerts");
        container.stop(); // returns once the in-flight batch gave up without committing its offsets
        assertThat(container.isRunning()).isFalse();
        slack.removeStub(down);
        String late = fingerprint();
        fps.add(late);
        assertThat(webhook(payload("firing", name + late, late, "restart", Instant.now(), null), "Bearer " + token)
                .statusCode()).isEqualTo(200);
        container.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> fps.stream()
                .allMatch(fp -> slackCalls("chat.postMessage", name + fp).size() == 1));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> fps.stream()
                .allMatch(fp -> slackCalls("chat.postMessage", name + fp).size() == 1));
    }

    @Test
    void platformFactsReachSlackToo() {
        String backupId = "plumbing_db_" + fingerprint();
        publisher.publishAndWait(io.plumbline.events.Topics.BACKUPS, UUID.randomUUID().toString(),
                new io.plumbline.events.backups.BackupFailed(backupId, "DUMP",
                        io.plumbline.events.backups.BackupFailed.Reason.DISK_FULL, "No space left on device", Instant.now()),
                Instant.now(), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", backupId).size() == 1);
        JsonNode message = slackCalls("chat.postMessage", backupId).get(0);
        assertThat(title(message)).isEqualTo("[FATAL ERROR] BackupFailed");
        assertThat(bodyText(message)).contains("DISK_FULL", "관리자 대시보드 접속");
    }

    @Test
    void actuatorAnswersOnTheManagementPortOnlyWithoutHealthDetails() throws Exception {
        assertThat(managementPort).isNotEqualTo(ROUTER_PORT);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\"").doesNotContain("components", "diskSpace", "details");
        HttpResponse<String> prometheus = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_");
        for (String path : new String[] {"/actuator/health", "/actuator/health/readiness", "/actuator/prometheus",
                "/actuator/info"}) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ROUTER_PORT + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as("webhook port " + path).isEqualTo(404);
        }
    }

    @Test
    void anOutageOfItsOwnDatabaseDoesNotHoldSlackBack() throws Exception {
        String name = "MySQLPrimaryDown" + fingerprint();
        String fp = fingerprint();
        Instant startsAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        PlumblineStack.get().stopPrimary(); // the router's own schema lives on the primary it is about to report
        try {
            assertThat(webhook(payload("firing", name, fp, "db", startsAt, null), "Bearer " + token).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", name).size() == 1);
            assertThat(title(slackCalls("chat.postMessage", name).get(0))).isEqualTo("[FATAL ERROR] " + name);
            String ts = answeredTs("chat.postMessage", name);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                    + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("still ready: Alertmanager must keep reaching the webhook").isEqualTo(200);

            assertThat(webhook(payload("resolved", name, fp, "db", startsAt, Instant.now()), "Bearer " + token)
                    .statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.update", name).size() == 1);
            List<JsonNode> posts = slackCalls("chat.postMessage", name);
            assertThat(posts).hasSize(2);
            assertThat(posts.get(1).path("thread_ts").asString()).as("resolve still lands in the thread").isEqualTo(ts);
            assertThat(meters.get("plumbline.alerts.ledger.unsaved").gauge().value()).isPositive();
        } finally {
            PlumblineStack.get().startPrimary();
        }
        // once the database answers, what was kept in memory is written, and a redelivery posts nothing new
        await().atMost(Duration.ofSeconds(90)).until(() -> meters.get("plumbline.alerts.ledger.unsaved").gauge().value() == 0);
        assertThat(jdbc.queryForObject("SELECT status FROM alert_thread WHERE fingerprint = ?", String.class, fp))
                .isEqualTo("RESOLVED");
        assertThat(webhook(payload("resolved", name, fp, "db", startsAt, Instant.now()), "Bearer " + token)
                .statusCode()).isEqualTo(200);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> allCalls(name).size() == 3);
    }

    @Test
    void answers503WhileKafkaIsDownAndAcceptsAfterwards() throws Exception {
        String name = "BrokerDown" + fingerprint();
        String body = payload("firing", name, fingerprint(), "db", Instant.now(), null);
        PlumblineStack.get().stopBroker();
        try {
            HttpResponse<String> response = webhook(body, "Bearer " + token);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        } finally {
            PlumblineStack.get().startBroker();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> webhook(body, "Bearer " + token).statusCode() == 200);
        await().atMost(Duration.ofSeconds(60)).until(() -> slackCalls("chat.postMessage", name).size() == 1);
    }

    @Test
    void undeliverableAlertGoesToTheDeadLetterTopicWithAFailedEvent() throws Exception {
        slack.stubFor(post(urlPathMatching("/api/chat\\..*")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.channel", com.github.tomakehurst.wiremock.client.WireMock.matching("#missing|C0MISSING")))
                .willReturn(aResponse().withBody("{\"ok\":false,\"error\":\"channel_not_found\"}")));
        String fp = fingerprint();
        assertThat(webhook(payload("firing", "NoChannel" + fp, fp, "missing", Instant.now(), null), "Bearer " + token)
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> keysOn("ops.alerts.v1.DLT").contains(fp));
        await().atMost(Duration.ofSeconds(30)).until(() -> valuesOn("ops.notifications.v1").stream()
                .anyMatch(v -> v.contains(fp) && v.contains("channel_not_found")));
        assertThat(meters.get("plumbline.slack.dead_lettered").tag("topic", "ops.alerts.v1").counter().count()).isPositive();
    }

    @Test
    void maintenanceChangesReachSlackInTheSeedsKoreanFormat() {
        String reason = "DB 서버 교체 " + fingerprint();
        Instant start = Instant.parse("2026-12-24T19:00:00Z");
        publisher.publishAndWait(io.plumbline.events.Topics.MAINTENANCE, UUID.randomUUID().toString(),
                new io.plumbline.events.maintenance.MaintenanceStateChanged(
                        io.plumbline.events.maintenance.MaintenanceStateChanged.BOOKINGS,
                        io.plumbline.events.maintenance.MaintenanceStateChanged.Mode.SCHEDULED,
                        new io.plumbline.events.maintenance.MaintenanceStateChanged.Reason(reason, "DB server swap"),
                        start, start.plus(Duration.ofHours(2)),
                        new io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy(
                                io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy.Kind.ADMIN, "kim"),
                        1, Instant.now()), Instant.now(), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", reason).size() == 1);
        JsonNode scheduled = slackCalls("chat.postMessage", reason).get(0);
        assertThat(scheduled.path("channel").asString()).isEqualTo("#ops-alerts");
        assertThat(title(scheduled)).isEqualTo("[NOTICE] 예약 점검 예정");
        assertThat(scheduled.path("text").asString()).as("plain-text fallback")
                .contains("상세 내용: " + reason + " (예정: 2026-12-25 04:00:00 KST ~ 2026-12-25 06:00:00 KST)",
                        "대상 서버: booking-api (bookings)", "변경: 관리자 kim");
        assertThat(bodyText(scheduled)).contains("<http://127.0.0.1:8082|관리자 대시보드 접속>", "|Grafana>")
                .doesNotContain("SCHEDULED", "ADMIN");
        assertThat(scheduled.path("attachments").path(0).path("color").asString()).isEqualTo("#439fe0");

        String ended = "점검 종료 " + fingerprint();
        publisher.publishAndWait(io.plumbline.events.Topics.MAINTENANCE, UUID.randomUUID().toString(),
                new io.plumbline.events.maintenance.MaintenanceStateChanged(
                        io.plumbline.events.maintenance.MaintenanceStateChanged.BOOKINGS,
                        io.plumbline.events.maintenance.MaintenanceStateChanged.Mode.OFF,
                        new io.plumbline.events.maintenance.MaintenanceStateChanged.Reason(ended, "done"), null, null,
                        new io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy(
                                io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy.Kind.POLICY, "writer-restored"),
                        2, Instant.now()), Instant.now(), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", ended).size() == 1);
        JsonNode off = slackCalls("chat.postMessage", ended).get(0);
        assertThat(title(off)).isEqualTo("[RESOLVED] 점검 종료");
        assertThat(off.path("text").asString()).contains("상세 내용: " + ended, "대상 서버: booking-api (bookings)",
                "변경: 자동 정책 writer-restored");
        assertThat(bodyText(off)).contains("관리자 대시보드 접속").doesNotContain("예정:", "OFF");
        assertThat(off.path("attachments").path(0).path("color").asString()).isEqualTo("#2eb886");
    }

    @Test
    void writerLossAndRestoreReachSlackAsFiringAndResolved() {
        String cluster = "plumbline-db-" + fingerprint();
        publisher.publishAndWait(io.plumbline.events.Topics.DB_TOPOLOGY, UUID.randomUUID().toString(),
                new io.plumbline.events.topology.WriterLost(cluster, "10.0.0.11:3306", "primary unreachable for 15s",
                        Instant.parse("2026-12-02T01:02:03Z")), Instant.now(), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", cluster).size() == 1);
        JsonNode lost = slackCalls("chat.postMessage", cluster).get(0);
        assertThat(lost.path("channel").asString()).isEqualTo("#ops-alerts");
        assertThat(title(lost)).isEqualTo("[FATAL ERROR] WriterLost");
        assertThat(lost.path("text").asString()).as("plain-text fallback").contains(
                "상세 내용: 쓰기 가능한 DB 서버가 없습니다 — primary unreachable for 15s",
                "대상 서버: 10.0.0.11:3306 (" + cluster + ")", "발생 시각: 2026-12-02 10:02:03 KST");
        assertThat(bodyText(lost)).contains("<http://127.0.0.1:8082|관리자 대시보드 접속>");
        assertThat(lost.path("attachments").path(0).path("color").asString()).isEqualTo("#d00000");

        publisher.publishAndWait(io.plumbline.events.Topics.DB_TOPOLOGY, UUID.randomUUID().toString(),
                new io.plumbline.events.topology.WriterRestored(cluster, "10.0.0.12:3306", true,
                        Instant.parse("2026-12-02T01:04:05Z")), Instant.now(), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", cluster).size() == 2);
        JsonNode restored = slackCalls("chat.postMessage", cluster).get(1);
        assertThat(title(restored)).isEqualTo("[RESOLVED] WriterLost");
        assertThat(restored.path("text").asString()).contains("상세 내용: ● 쓰기 DB 서버가 복구되었습니다. (쓰기 확인 완료)",
                "대상 서버: 10.0.0.12:3306 (" + cluster + ")", "복구 시각: 2026-12-02 10:04:05 KST");
        assertThat(bodyText(restored)).contains("관리자 대시보드 접속");
        assertThat(restored.path("attachments").path(0).path("color").asString()).isEqualTo("#2eb886");
    }

    @Test
    void theDbDownAlertForALostWriterJoinsThePlatformsThreadAndResolvesThere() throws Exception {
        String cluster = "plumbline-db-" + fingerprint();
        String instance = "mysql-" + fingerprint() + ":9104";
        publisher.publishAndWait(io.plumbline.events.Topics.DB_TOPOLOGY, UUID.randomUUID().toString(),
                new io.plumbline.events.topology.WriterLost(cluster, "10.0.0.11:3306", "primary unreachable",
                        Instant.now()), Instant.now(), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", cluster).size() == 1);
        String root = answeredTs("chat.postMessage", cluster);

        amtool(alertmanager.baseUrl(), "alert", "add", "alertname=MySQLPrimaryDown", "instance=" + instance,
                "severity=critical", "--annotation=summary=primary down");
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", instance).size() == 1);
        JsonNode firing = slackCalls("chat.postMessage", instance).get(0);
        assertThat(title(firing)).isEqualTo("[FATAL ERROR] MySQLPrimaryDown");
        assertThat(firing.path("thread_ts").asString()).as("a reply in the WriterLost thread, not a second top-level message")
                .isEqualTo(root);
        String alertTs = answeredTs("chat.postMessage", instance);

        publisher.publishAndWait(io.plumbline.events.Topics.DB_TOPOLOGY, UUID.randomUUID().toString(),
                new io.plumbline.events.topology.WriterRestored(cluster, "10.0.0.12:3306", true, Instant.now()),
                Instant.now(), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.postMessage", cluster).size() == 2);
        assertThat(slackCalls("chat.postMessage", cluster).get(1).path("thread_ts").asString())
                .as("the platform's restore answers in its own thread").isEqualTo(root);

        amtool(alertmanager.baseUrl(), "alert", "add", "alertname=MySQLPrimaryDown", "instance=" + instance,
                "severity=critical", "--annotation=summary=primary down", "--end=" + Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> slackCalls("chat.update", instance).size() == 1);
        JsonNode resolved = slackCalls("chat.postMessage", instance).get(1);
        assertThat(title(resolved)).isEqualTo("[RESOLVED] MySQLPrimaryDown");
        assertThat(resolved.path("thread_ts").asString()).as("[RESOLVED] in the same thread").isEqualTo(root);
        assertThat(slackCalls("chat.update", instance).get(0).path("ts").asString())
                .as("the alert's own message is updated, not the platform's").isEqualTo(alertTs);
    }

    @Test
    void oversizedWebhookIs413ProblemAndPublishesNothing() throws Exception {
        // well-formed alerts Alertmanager could send, only too many bytes of them (1 MB limit)
        String name = "Oversized" + fingerprint();
        List<String> fps = new ArrayList<>();
        StringBuilder alerts = new StringBuilder();
        String description = "x".repeat(2_000);
        for (int i = 0; i < 600; i++) {
            String fp = fingerprint();
            fps.add(fp);
            alerts.append(i == 0 ? "" : ",").append(alert("firing", name, fp, "db", Instant.now(), null)
                    .replace("\"annotations\":{", "\"annotations\":{\"description\":\"" + description + "\","));
        }
        String body = notification("firing", name, alerts.toString());
        assertThat(body.length()).isGreaterThan(1024 * 1024);

        HttpResponse<String> sized = webhook(body, "Bearer " + token);
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ROUTER_PORT
                        + "/alertmanager/webhook")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        body.getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
        for (HttpResponse<String> response : List.of(sized, chunked)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
            JsonNode problem = json.readTree(response.body());
            assertThat(problem.path("status").asInt()).isEqualTo(413);
            assertThat(problem.path("field").asString()).isEqualTo("body");
            assertThat(problem.path("detail").asString()).isEqualTo("body is larger than 1048576 bytes (plumbline.alerting.webhook.max-body)");
        }
        assertThat(keysOn("ops.alerts.v1")).doesNotContainAnyElementsOf(fps);
        assertThat(allCalls(name)).isEmpty();
    }

    @Test
    void malformedWebhookIs400AndPublishesNothingEvenForItsWellFormedAlerts() throws Exception {
        String name = "Malformed" + fingerprint();
        String good = fingerprint();
        String second = fingerprint();
        String goodAlert = alert("firing", name, good, "db", Instant.now(), null);
        String badTime = notification("firing", name, goodAlert + "," + alert("firing", name, second, "db", Instant.now(), null)
                .replaceFirst("\"startsAt\":\"[^\"]+\"", "\"startsAt\":\"yesterday\""));
        String badFingerprint = notification("firing", name, goodAlert + "," + alert("firing", name, "<b>x</b>", "db",
                Instant.now(), null));
        String truncated = notification("firing", name, goodAlert).substring(0, 300);

        HttpResponse<String> time = webhook(badTime, "Bearer " + token);
        assertThat(time.statusCode()).isEqualTo(400);
        assertThat(json.readTree(time.body()).path("field").asString()).isEqualTo("alerts[1].startsAt");
        HttpResponse<String> fingerprint = webhook(badFingerprint, "Bearer " + token);
        assertThat(fingerprint.statusCode()).isEqualTo(400);
        assertThat(fingerprint.body()).contains("alerts[1].fingerprint");
        HttpResponse<String> notJson = webhook(truncated, "Bearer " + token);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("not valid JSON");
        for (HttpResponse<String> response : List.of(time, fingerprint, notJson)) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
        }

        assertThat(keysOn("ops.alerts.v1")).doesNotContain(good, second);
        assertThat(allCalls(name)).isEmpty();
    }

    private static List<String> keysOn(String topic) {
        return records(topic).stream().map(org.apache.kafka.clients.consumer.ConsumerRecord::key).toList();
    }

    private static List<String> valuesOn(String topic) {
        return records(topic).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    private static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records(String topic) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", PlumblineStack.get().kafkaBootstrapServers());
        p.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        p.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class.getName());
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(p)) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // everything up to the end offsets as of now: a record missing from the answer was never acknowledged
            java.util.Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> all = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime() - deadline).as("read %s to its end offsets %s", topic, end).isNegative();
                consumer.poll(Duration.ofMillis(300)).forEach(all::add);
            }
            return all;
        }
    }

    private static String interaction(String action, String value) {
        return interaction(action, value, "jdoe", "1700000000.000100", "/actions/T1/1/" + UUID.randomUUID());
    }

    /** A block_actions payload as Slack sends it; {@code actionTs} differs per click, a resend repeats it. */
    private static String interaction(String action, String value, String user, String actionTs, String responsePath) {
        String payload = """
                {"type":"block_actions","user":{"id":"U-%s","username":"%s","name":"%s"},
                 "response_url":"%s","trigger_id":"1.2.%s",
                 "actions":[{"action_id":"%s","value":"%s","type":"button","action_ts":"%s"}],
                 "channel":{"id":"C1"}}""".formatted(user, user, user, slack.baseUrl() + responsePath, actionTs, action,
                value, actionTs);
        return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    }

    /** Alertmanager's live (active or pending) silences whose matchers include {@code alertname}. */
    private static List<JsonNode> activeSilences(String alertname) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(alertmanager.baseUrl() + "/api/v2/silences"))
                .build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> active = new ArrayList<>();
        for (JsonNode silence : json.readTree(response.body())) {
            if (!"expired".equals(silence.path("status").path("state").asString())
                    && silence.path("matchers").toString().contains("\"" + alertname + "\"")) {
                active.add(silence);
            }
        }
        return active;
    }

    /** What the router told the clicking user through the response_url {@code path}. */
    private static List<String> responses(String path) {
        return slack.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals(path))
                .map(e -> e.getRequest().getBodyAsString()).toList();
    }

    private static String sign(String body, Instant at) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SIGNING_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v0=" + java.util.HexFormat.of().formatHex(mac.doFinal(("v0:" + at.getEpochSecond() + ":" + body)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> slackInteraction(String body, String signature, Instant at) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ROUTER_PORT + "/slack/interactions"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", Long.toString(at.getEpochSecond()))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Slack-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
