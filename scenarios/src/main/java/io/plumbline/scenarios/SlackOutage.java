package io.plumbline.scenarios;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.plumbline.events.Topics;

/**
 * An alert storm while Slack is down; the alerts resolve while Slack answers 429 with Retry-After; then Slack is
 * healthy again. Every alert's firing and its resolve reach Slack exactly once, firing first, and nothing is sent to
 * a channel before the Retry-After Slack asked for has passed.
 */
final class SlackOutage implements Scenario {

    /** Two alert names on ten hosts each: a storm, and each name's hosts fit the storm summary's list of ten. */
    private static final List<String> NAMES = List.of("HighTrafficSpike", "DiskFillingUp");
    private static final int HOSTS = 10;
    private static final int ALERTS = NAMES.size() * HOSTS;
    private static final int RETRY_AFTER_SECONDS = 2;
    private static final String HEALTHY = "Slack healthy";
    private static final String ALL_DELIVERED = "every alert's firing and resolve in Slack";

    private static final Pattern STORM_HEADER = Pattern.compile("\\[ALERT STORM\\] 경보 (\\d+)건 발생(?:, (\\d+)건 복구)?");
    private static final Pattern STORM_GROUP = Pattern.compile("• \\*\\[([A-Z ]+)\\] (\\w+)\\* × (\\d+) — 대상 서버: ([^\\n]*)");
    private static final Pattern SINGLE = Pattern.compile("\\[(WARNING|RESOLVED)\\] (\\w+)");
    private static final Pattern TARGET = Pattern.compile("\\*대상 서버:\\* ([^\\n]+)");

    @Override
    public String name() {
        return "slack-outage";
    }

    @Override
    public String description() {
        return "alert storm while Slack is down, resolved while it answers 429 Retry-After, then healthy";
    }

    @Override
    public Report run(Platform platform, double scale) throws Exception {
        Timeline timeline = new Timeline();
        HttpClient http = HttpClient.newHttpClient();
        int before = platform.slack().received().size(); // the stub may have served earlier scenarios on this platform
        int notificationsBefore = platform.events().all().size();
        Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        platform.slack().down();
        timeline.mark("Slack down (connections reset)");
        int fired = post(http, platform, alerts(startsAt, null));
        timeline.mark(ALERTS + " alerts fired at Alertmanager (HTTP " + fired + ")");
        Waits.pause(Scenario.scaled(Duration.ofSeconds(20), scale));

        platform.slack().rateLimit(RETRY_AFTER_SECONDS);
        timeline.mark("Slack answers 429 Retry-After: " + RETRY_AFTER_SECONDS);
        int resolved = post(http, platform, alerts(startsAt, Instant.now()));
        timeline.mark(ALERTS + " alerts resolved at Alertmanager (HTTP " + resolved + ")");
        Duration limited = Scenario.scaled(Duration.ofSeconds(15), scale);
        Waits.pause(limited.compareTo(Duration.ofSeconds(4)) < 0 ? Duration.ofSeconds(4) : limited);

        platform.slack().answerNormally();
        timeline.mark(HEALTHY);
        Waits.observe(timeline, ALL_DELIVERED, Duration.ofSeconds(120), () -> {
            Tally tally = tally(posts(platform, before));
            return tally.complete() ? tally.lastAt() : Optional.empty();
        });
        Waits.pause(Scenario.scaled(Duration.ofSeconds(10), scale)); // anything sent twice would come now

        List<SlackStub.Message> received = platform.slack().received();
        received = received.subList(Math.min(before, received.size()), received.size());
        List<SlackStub.Message> posts = posts(platform, before);
        Tally tally = tally(posts);
        Report report = new Report(name(), timeline, List.of());
        report.figure("requests to Slack / accepted / reset / 429", received.size() + " / "
                + received.stream().filter(m -> m.status() == 200).count() + " / "
                + received.stream().filter(m -> m.status() == -1).count() + " / "
                + received.stream().filter(m -> m.status() == 429).count());
        report.figure("Slack messages posted (new messages and thread replies)", Integer.toString(posts.size()));
        report.figure("what Slack received (t: answer, message)", received.stream().map(m -> String.format("%.1f s: %s %s",
                timeline.seconds(m.at()), m.status() == -1 ? "reset" : Integer.toString(m.status()),
                abbreviate(m.text().strip().split("\n", 2)[0]))).collect(Collectors.joining("<br>")));
        report.figure("Slack healthy → every alert's firing and resolve delivered", HEALTHY, ALL_DELIVERED);

        List<String> firingWrong = tally.firing.entrySet().stream().filter(e -> e.getValue() != 1)
                .map(e -> e.getKey() + " × " + e.getValue()).toList();
        report.check("every alert's firing reached Slack exactly once", firingWrong.isEmpty(),
                firingWrong.isEmpty() ? ALERTS + " of " + ALERTS + " once (named one by one or in a storm summary)"
                        : String.join(", ", firingWrong.stream().limit(6).toList()));
        List<String> resolvedTwice = tally.resolvedByName.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " × " + e.getValue()).toList();
        report.check("every alert's resolve reached Slack exactly once", tally.resolvedTotal() == ALERTS && resolvedTwice.isEmpty(),
                tally.resolvedTotal() + " resolves for " + ALERTS + " alerts (" + tally.resolvedByName.size() + " one by one, "
                        + tally.resolvedInStorms + " in storm summaries)" + (resolvedTwice.isEmpty() ? "" : "; twice: " + resolvedTwice));
        report.check("no alert resolved in Slack before it fired there", tally.outOfOrder.isEmpty(),
                tally.outOfOrder.isEmpty() ? "firing first for every alert" : String.join(", ", tally.outOfOrder));
        report.check("the storm was summarised (fewer Slack messages than alert changes)", posts.size() < 2 * ALERTS,
                posts.size() + " messages for " + 2 * ALERTS + " changes");

        long rateLimited = received.stream().filter(m -> m.status() == 429).count();
        List<String> early = retryAfterViolations(received);
        report.check("Retry-After respected: after a 429, nothing to that channel for " + RETRY_AFTER_SECONDS + " s",
                rateLimited > 0 && early.isEmpty(), rateLimited == 0 ? "no request met the 429 (nothing tested)"
                        : rateLimited + " × 429, " + (early.isEmpty() ? "no request sooner" : "sooner: " + String.join(", ", early)));
        long gaveUp = platform.events().all().stream().skip(notificationsBefore)
                .filter(s -> s.is(Topics.NOTIFICATIONS, "NotificationFailed")).count();
        report.check("alert-router gave up on no message (no NotificationFailed)", gaveUp == 0, gaveUp + " given up");
        return report;
    }

    /** New messages and thread replies Slack accepted since {@code before} (edits of earlier messages are not new). */
    private static List<SlackStub.Message> posts(Platform platform, int before) {
        List<SlackStub.Message> received = platform.slack().received();
        return received.subList(Math.min(before, received.size()), received.size()).stream()
                .filter(m -> m.status() == 200 && m.isPost()).toList();
    }

    /** For each 429 at t: the next request to the same channel must come at t + Retry-After or later (1 ms clock). */
    private static List<String> retryAfterViolations(List<SlackStub.Message> received) {
        List<String> early = new ArrayList<>();
        Map<String, Instant> limitedAt = new HashMap<>();
        for (SlackStub.Message m : received) {
            String channel = String.valueOf(m.channel());
            Instant last429 = limitedAt.get(channel);
            if (last429 != null) {
                Duration gap = Duration.between(last429, m.at());
                if (gap.compareTo(Duration.ofSeconds(RETRY_AFTER_SECONDS).minusMillis(5)) < 0) {
                    early.add(Report.format(gap) + " after a 429 on " + channel);
                }
                limitedAt.remove(channel);
            }
            if (m.status() == 429) {
                limitedAt.put(channel, m.at());
            }
        }
        return early;
    }

    /** What Slack's readers saw per alert: counts of firing and resolves, named one by one or in storm summaries. */
    private static Tally tally(List<SlackStub.Message> posts) {
        Tally t = new Tally();
        for (String name : NAMES) {
            for (int i = 0; i < HOSTS; i++) {
                t.firing.put(name + "@" + host(i), 0);
            }
        }
        for (SlackStub.Message m : posts) {
            String text = m.text();
            Matcher storm = STORM_HEADER.matcher(text);
            if (storm.find()) {
                Matcher group = STORM_GROUP.matcher(text);
                while (group.find()) {
                    for (String target : group.group(4).split(",\\s*")) {
                        t.fired(group.group(2) + "@" + target.strip(), m.at());
                    }
                }
                int resolvedCount = storm.group(2) == null ? 0 : Integer.parseInt(storm.group(2));
                t.resolvedInStorms += resolvedCount;
                if (resolvedCount > 0) {
                    t.firing.keySet().stream().filter(k -> t.firedAt.getOrDefault(k, Instant.MAX).isAfter(m.at()))
                            .forEach(k -> t.outOfOrder.add(k + " (storm resolve before its firing)"));
                }
                t.lastAt = m.at();
                continue;
            }
            Matcher single = SINGLE.matcher(text);
            Matcher target = TARGET.matcher(text);
            if (single.find() && target.find() && NAMES.contains(single.group(2))) {
                String key = single.group(2) + "@" + target.group(1).strip();
                if (single.group(1).equals("RESOLVED")) {
                    t.resolvedByName.merge(key, 1, Integer::sum);
                    if (t.firedAt.getOrDefault(key, Instant.MAX).isAfter(m.at())) {
                        t.outOfOrder.add(key);
                    }
                } else {
                    t.fired(key, m.at());
                }
                t.lastAt = m.at();
            }
        }
        return t;
    }

    private static final class Tally {
        final Map<String, Integer> firing = new LinkedHashMap<>();
        final Map<String, Instant> firedAt = new HashMap<>();
        final Map<String, Integer> resolvedByName = new LinkedHashMap<>();
        final List<String> outOfOrder = new ArrayList<>();
        int resolvedInStorms;
        Instant lastAt;

        void fired(String key, Instant at) {
            firing.merge(key, 1, Integer::sum);
            firedAt.putIfAbsent(key, at);
        }

        int resolvedTotal() {
            return resolvedInStorms + resolvedByName.values().stream().mapToInt(Integer::intValue).sum();
        }

        boolean complete() {
            return firing.values().stream().allMatch(n -> n >= 1) && resolvedTotal() >= ALERTS;
        }

        Optional<Instant> lastAt() {
            return Optional.ofNullable(lastAt);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static String host(int i) {
        return "k8s-n" + i;
    }

    private static String alerts(Instant startsAt, Instant endsAt) {
        List<String> alerts = new ArrayList<>();
        for (String name : NAMES) {
            for (int i = 0; i < HOSTS; i++) {
                alerts.add("""
                        {"labels":{"alertname":"%s","instance":"%s","severity":"warning"},
                         "annotations":{"summary":"%s on %s"},"startsAt":"%s"%s}""".formatted(name, host(i), name, host(i),
                        startsAt, endsAt == null ? "" : ",\"endsAt\":\"" + endsAt.truncatedTo(ChronoUnit.MILLIS) + "\""));
            }
        }
        return alerts.stream().collect(Collectors.joining(",", "[", "]"));
    }

    private static int post(HttpClient http, Platform platform, String alerts) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(platform.alertmanager().baseUrl() + "/api/v2/alerts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(alerts)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
