package io.plumbline.scenarios;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.infra.ServiceProcess;

/**
 * Malformed, oversized and hostile input at every public HTTP endpoint: every answer is a 4xx (never a 5xx, never a
 * stack trace) and no service dies.
 */
final class BadInput implements Scenario {

    private static final String HUGE = "x".repeat(3 * 1024 * 1024);

    @Override
    public String name() {
        return "bad-input";
    }

    @Override
    public String description() {
        return "fuzz every HTTP endpoint with malformed, oversized and hostile input";
    }

    @Override
    public Report run(Platform platform, double scale) throws Exception {
        Timeline timeline = new Timeline();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String booking = platform.service(ServiceDefinition.BOOKING_API).baseUrl();
        String router = platform.service(ServiceDefinition.ALERT_ROUTER).baseUrl();
        String console = platform.service(ServiceDefinition.STATUS_PROJECTOR).baseUrl();
        List<Probe> probes = new ArrayList<>();
        for (String body : List.of("{", "null", "[]", "\"text\"", "{\"name\":123,\"phone\":[],\"slotStart\":{}}",
                "{\"name\":\"<script>alert(1)</script>\",\"phone\":\"010-1234-5678' OR '1'='1\",\"address\":\"\\u0000\",\"issueType\":\"DROP TABLE\",\"slotStart\":\"yesterday\"}",
                "{\"name\":\"" + "가".repeat(10_000) + "\"}", HUGE)) {
            probes.add(new Probe("POST", booking + "/api/bookings", Map.of("Content-Type", "application/json"), body));
        }
        probes.add(new Probe("POST", booking + "/api/bookings", Map.of("Content-Type", "text/xml"), "<booking/>"));
        for (String path : List.of("/api/bookings/..%2F..%2Fetc%2Fpasswd", "/api/bookings/RES-00000000-AAAAAA?phoneLast4=abcd",
                "/api/bookings/" + "A".repeat(5000), "/api/bookings/%00", "/api/admin/bookings", "/api/admin/announcements")) {
            probes.add(new Probe("GET", booking + path, Map.of(), null));
        }
        probes.add(new Probe("POST", booking + "/api/admin/announcements", Map.of("Content-Type", "application/json",
                "Authorization", "Basic Y29uc29sZTp3cm9uZw=="), "{}"));
        for (String body : List.of("{", "{\"version\":\"4\",\"alerts\":\"nope\"}", HUGE)) {
            probes.add(new Probe("POST", router + "/alertmanager/webhook", Map.of("Content-Type", "application/json",
                    "Authorization", "Bearer " + platform.infra().secret(Platform.WEBHOOK_TOKEN_SECRET)), body));
        }
        probes.add(new Probe("POST", router + "/alertmanager/webhook", Map.of("Content-Type", "application/json",
                "Authorization", "Bearer wrong"), "{\"version\":\"4\",\"alerts\":[]}"));
        probes.add(new Probe("POST", router + "/slack/interactions", Map.of("Content-Type", "application/x-www-form-urlencoded",
                "X-Slack-Signature", "v0=deadbeef", "X-Slack-Request-Timestamp", "1"), "payload=%7B%7D"));
        probes.add(new Probe("POST", console + "/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "username=admin&password=' OR 1=1 --"));
        probes.add(new Probe("POST", console + "/api/maintenance", Map.of("Content-Type", "application/json"), "{\"mode\":\"EMERGENCY\"}"));

        timeline.mark(probes.size() + " hostile requests");
        List<String> serverErrors = new ArrayList<>();
        List<String> leaks = new ArrayList<>();
        for (Probe probe : probes) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(probe.url())).timeout(Duration.ofSeconds(20));
            probe.headers().forEach(b::header);
            b.method(probe.method(), probe.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(probe.body()));
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() >= 500) {
                    serverErrors.add(probe.method() + " " + abbreviate(probe.url()) + " → " + r.statusCode());
                }
                if (r.body().contains("Exception") || r.body().contains("\tat ")) {
                    leaks.add(probe.method() + " " + abbreviate(probe.url()));
                }
            } catch (java.io.IOException e) {
                // a server may close an oversized upload early; that is a refusal, not a failure
            }
        }
        timeline.mark("done");
        Report report = new Report(name(), timeline, List.of());
        report.figure("hostile requests sent", Integer.toString(probes.size()));
        report.check("no 5xx from bad input", serverErrors.isEmpty(), serverErrors.isEmpty() ? "none" : String.join("; ", serverErrors));
        report.check("no stack trace or exception name in any answer", leaks.isEmpty(), leaks.isEmpty() ? "none" : String.join("; ", leaks));
        report.check("no service crashed", platform.bookingApis().stream().allMatch(ServiceProcess::isAlive)
                && platform.service(ServiceDefinition.ALERT_ROUTER).isAlive() && platform.service(ServiceDefinition.STATUS_PROJECTOR).isAlive(),
                "all processes alive");
        return report;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private record Probe(String method, String url, Map<String, String> headers, String body) {
    }
}
