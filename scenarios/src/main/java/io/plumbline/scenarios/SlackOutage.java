package io.plumbline.scenarios;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * An alert storm while Slack is down, then rate limiting (429 + Retry-After), then healthy again: every alert
 * still reaches Slack, after the outage, and nothing is sent while Slack asks to wait.
 */
final class SlackOutage implements Scenario {

    private static final int ALERTS = 20;

    @Override
    public String name() {
        return "slack-outage";
    }

    @Override
    public String description() {
        return "alert storm while Slack is down, then answering 429 Retry-After, then healthy";
    }

    @Override
    public Report run(Platform platform, double scale) throws Exception {
        Timeline timeline = new Timeline();
        HttpClient http = HttpClient.newHttpClient();
        platform.slack().down();
        Instant down = timeline.mark("Slack down").at();
        String alerts = IntStream.range(0, ALERTS).mapToObj(i -> """
                {"labels":{"alertname":"HighTrafficSpike","instance":"k8s-n%d","severity":"warning"},
                 "annotations":{"summary":"traffic spike on k8s-n%d"},"startsAt":"%s"}""".formatted(i, i,
                Instant.now().truncatedTo(ChronoUnit.SECONDS))).collect(Collectors.joining(",", "[", "]"));
        HttpResponse<String> fired = http.send(HttpRequest.newBuilder(URI.create(platform.alertmanager().baseUrl() + "/api/v2/alerts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(alerts)).build(),
                HttpResponse.BodyHandlers.ofString());
        timeline.mark(ALERTS + " alerts fired at Alertmanager (HTTP " + fired.statusCode() + ")");
        Waits.pause(Scenario.scaled(Duration.ofSeconds(20), scale));
        Instant limited = timeline.mark("Slack answers 429 Retry-After: 3").at();
        platform.slack().rateLimit(3);
        Waits.pause(Scenario.scaled(Duration.ofSeconds(10), scale));
        Instant healthy = timeline.mark("Slack healthy").at();
        platform.slack().answerNormally();
        Waits.observe(timeline, "every alert delivered", Duration.ofSeconds(120), () -> {
            String all = platform.slack().delivered().stream().map(SlackStub.Message::body).collect(Collectors.joining("\n"));
            boolean every = IntStream.range(0, ALERTS).allMatch(i -> all.contains("k8s-n" + i + "\"") || all.contains("k8s-n" + i + " ")
                    || all.contains("k8s-n" + i + "\\n") || all.contains("k8s-n" + i + ","));
            return every ? java.util.Optional.of(Instant.now()) : java.util.Optional.empty();
        });

        Report report = new Report(name(), timeline, List.of());
        List<SlackStub.Message> delivered = platform.slack().delivered();
        report.figure("Slack messages delivered", Integer.toString(delivered.size()));
        report.figure("Slack healthy → every alert delivered", "Slack healthy", "every alert delivered");
        report.check("nothing was accepted by Slack before it was healthy",
                delivered.stream().noneMatch(m -> m.at().isBefore(healthy) && m.at().isAfter(down)),
                delivered.stream().filter(m -> m.at().isBefore(healthy)).count() + " before");
        report.check("every alert of the storm reached Slack", timeline.find("every alert delivered").isPresent(),
                "checked by instance name in the delivered messages");
        report.check("the storm was grouped (fewer messages than alerts)", delivered.size() < ALERTS,
                delivered.size() + " messages for " + ALERTS + " alerts");
        report.figure("429 window", limited + " → " + healthy);
        return report;
    }
}
