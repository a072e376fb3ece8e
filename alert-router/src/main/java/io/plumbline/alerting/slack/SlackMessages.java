package io.plumbline.alerting.slack;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import io.plumbline.alerting.AlertingProperties;
import io.plumbline.events.alerts.Alert;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Renders Slack messages from Mustache templates ({@code <templates>/<locale>/<name>.mustache}), in the seed's format:
 * {@code [FATAL ERROR] <alertname>} / {@code [RESOLVED] <alertname>}, {@code 상세 내용}, {@code 대상 서버} and the
 * {@code 관리자 대시보드 접속} link, plus Grafana and runbook links. Values are escaped for Slack's mrkdwn
 * ({@code & < >}), so alert text cannot inject links or mentions.
 */
@Component
public class SlackMessages {

    private static final ZoneId KST = ZoneId.of("Asia/Seoul");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'KST'").withZone(KST);
    private static final Map<String, Map<String, String>> BUTTONS = Map.of(
            "ko", Map.of("ack", "확인(Acknowledge)", "silence", "1시간 무음(Silence 1h)"),
            "en", Map.of("ack", "Acknowledge", "silence", "Silence 1h"));

    private static final Map<String, Map<String, String>> NOTICES = Map.of(
            "ko", Map.of(
                    "unavailable", "지금은 처리할 수 없습니다. 잠시 후 다시 시도해 주세요. (try again in a moment)",
                    "unknown-alert", "이 라우터가 보낸 경보가 아닙니다.",
                    "silences-off", "무음 기능이 꺼져 있습니다 (plumbline.alerting.alertmanager-url 미설정)."),
            "en", Map.of(
                    "unavailable", "This could not be carried out right now; please try again in a moment.",
                    "unknown-alert", "This router never sent that alert.",
                    "silences-off", "Silences are off (plumbline.alerting.alertmanager-url is not set)."));

    private final Mustache.Compiler compiler = Mustache.compiler()
            .withEscaper(Escapers.simple(new String[][] {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}}))
            .defaultValue("").emptyStringIsFalse(true)
            .withLoader(this::partial); // {{> footer}}: the templates' shared lines, from the same locale
    private final Map<String, Template> cache = new ConcurrentHashMap<>();
    private final ResourceLoader resources;
    private final SlackProperties slack;
    private final AlertingProperties alerting;

    public SlackMessages(ResourceLoader resources, SlackProperties slack, AlertingProperties alerting) {
        this.resources = resources;
        this.slack = slack;
        this.alerting = alerting;
        for (String name : List.of("alert-firing", "alert-resolved", "alert-acknowledged", "alert-silenced",
                "alert-storm", "backup-failed", "maintenance-changed", "writer-lost", "writer-restored", "footer")) {
            template(name); // a missing or broken template fails start-up, not the first alert
        }
    }

    /** A short answer to the user who clicked a button: {@code unavailable}, {@code unknown-alert}, {@code silences-off}. */
    public String notice(String key) {
        return NOTICES.get(slack.locale()).get(key);
    }

    /** The attachment colours, defined once: red for a fault, yellow for a warning, blue for news, green for a recovery. */
    public static final String FAULT = "#d00000";
    public static final String WARNING = "#f2c744";
    public static final String NEWS = "#439fe0";
    public static final String RECOVERED = "#2eb886";
    public static final String MUTED = "#9e9e9e";

    /** The title prefixes, defined once: {@code [FATAL ERROR]}, {@code [RESOLVED]}, {@code [NOTICE]}. */
    public static final String FATAL_PREFIX = "FATAL ERROR";
    public static final String RESOLVED_PREFIX = "RESOLVED";
    public static final String NOTICE_PREFIX = "NOTICE";

    /** Severity decides the prefix and colour. */
    static String prefix(String severity) {
        return switch (severity) {
            case "critical", "fatal", "page" -> FATAL_PREFIX;
            case "warning" -> "WARNING";
            case "info" -> "INFO";
            default -> "ALERT";
        };
    }

    static String color(String severity) {
        return switch (severity) {
            case "critical", "fatal", "page" -> FAULT;
            case "warning" -> WARNING;
            default -> NEWS;
        };
    }

    public SlackMessage firing(Alert alert, String channel, boolean buttons) {
        Map<String, Object> scope = alertScope(alert);
        String text = render("alert-firing", scope);
        List<Map<String, Object>> blocks = new ArrayList<>(List.of(section(text)));
        if (buttons) {
            blocks.add(actions(alert));
        }
        return new SlackMessage(channel, fallback(text), color(alert.severity()), blocks, null, null);
    }

    public SlackMessage resolved(Alert alert, String channel) {
        String text = render("alert-resolved", alertScope(alert));
        return new SlackMessage(channel, fallback(text), RECOVERED, List.of(section(text)), null, null);
    }

    public SlackMessage acknowledged(String alertname, String by, Instant at, String channel) {
        String text = render("alert-acknowledged", Map.of("alertname", alertname, "by", by, "at", TIME.format(at)));
        return new SlackMessage(channel, firstLine(text), NEWS, List.of(section(text)), null, null);
    }

    public SlackMessage silenced(String alertname, String by, Instant until, String silenceId, String channel) {
        String text = render("alert-silenced", Map.of("alertname", alertname, "by", by, "until", TIME.format(until),
                "silenceId", silenceId));
        return new SlackMessage(channel, firstLine(text), MUTED, List.of(section(text)), null, null);
    }

    /** One message for many alerts of the same channel arriving together (an alert storm). */
    public SlackMessage storm(List<Alert> firing, List<Alert> resolved, String channel) {
        Map<String, Object> scope = new HashMap<>(links(null, null));
        scope.put("firingCount", firing.size());
        scope.put("resolvedCount", resolved.size());
        Map<String, List<Alert>> byName = new LinkedHashMap<>();
        firing.forEach(a -> byName.computeIfAbsent(a.alertname(), k -> new ArrayList<>()).add(a));
        List<Map<String, Object>> groups = new ArrayList<>();
        byName.forEach((name, alerts) -> groups.add(Map.of("alertname", name, "count", alerts.size(),
                "prefix", prefix(alerts.get(0).severity()),
                "targets", String.join(", ", alerts.stream().map(SlackMessages::target).distinct().limit(10).toList())
                        + (alerts.size() > 10 ? ", …" : ""))));
        scope.put("groups", groups);
        scope.put("resolvedNames", String.join(", ", resolved.stream().map(Alert::alertname).distinct().limit(20).toList()));
        String text = render("alert-storm", scope);
        String severity = firing.stream().map(Alert::severity).anyMatch("critical"::equals) ? "critical" : "warning";
        return new SlackMessage(channel, firstLine(text), firing.isEmpty() ? RECOVERED : color(severity),
                List.of(section(text)), null, null);
    }

    /** A platform fact (backup failure, maintenance change, writer loss/restore) rendered from {@code template}. */
    public SlackMessage platform(String template, Map<String, Object> values, String color, String channel) {
        Map<String, Object> scope = new HashMap<>(links(null, null));
        values.forEach((k, v) -> scope.put(k, v instanceof Instant i ? TIME.format(i) : v));
        String text = render(template, scope);
        return new SlackMessage(channel, fallback(text), color, List.of(section(text)), null, null);
    }

    private Map<String, Object> alertScope(Alert alert) {
        Map<String, Object> scope = new HashMap<>(links(alert.annotations().get("runbook_url"),
                alert.annotations().getOrDefault("dashboard_url", alert.annotations().get("grafana_url"))));
        scope.put("alertname", alert.alertname());
        scope.put("severity", alert.severity());
        scope.put("prefix", prefix(alert.severity()));
        String summary = alert.annotations().getOrDefault("summary", "");
        String description = alert.annotations().getOrDefault("description", "");
        scope.put("details", summary.isEmpty() ? description
                : description.isEmpty() || description.equals(summary) ? summary : summary + " — " + description);
        scope.put("target", target(alert));
        scope.put("startsAt", alert.startsAt() == null ? "" : TIME.format(alert.startsAt()));
        scope.put("endsAt", alert.endsAt() == null ? "" : TIME.format(alert.endsAt()));
        scope.put("generatorUrl", alert.generatorUrl());
        scope.put("labels", alert.labels());
        return scope;
    }

    private Map<String, Object> links(String runbook, String dashboard) {
        Map<String, Object> scope = new HashMap<>();
        scope.put("fatal", FATAL_PREFIX); // templates write [{{fatal}}] / [{{resolved}}]: one spelling of each title
        scope.put("resolved", RESOLVED_PREFIX);
        scope.put("consoleUrl", alerting.consoleUrl().toString());
        String grafana = dashboard != null ? dashboard : alerting.grafanaUrl() == null ? null : alerting.grafanaUrl().toString();
        scope.put("grafanaUrl", grafana);
        scope.put("runbookUrl", runbook);
        return scope;
    }

    static String target(Alert alert) {
        for (String key : List.of("instance", "node", "pod", "host", "server", "job")) {
            String value = alert.labels().get(key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }

    private Map<String, Object> actions(Alert alert) {
        String value = alert.fingerprint() + "|" + alert.startsAt();
        Map<String, String> labels = BUTTONS.get(slack.locale());
        List<Map<String, Object>> elements = new ArrayList<>();
        elements.add(button("ack", labels.get("ack"), value, "primary"));
        if (alerting.alertmanagerUrl() != null) {
            elements.add(button("silence", labels.get("silence"), value, null));
        }
        return Map.of("type", "actions", "block_id", "alert-actions", "elements", elements);
    }

    private static Map<String, Object> button(String actionId, String text, String value, String style) {
        Map<String, Object> button = new LinkedHashMap<>();
        button.put("type", "button");
        button.put("action_id", actionId);
        button.put("text", Map.of("type", "plain_text", "text", text));
        button.put("value", value);
        if (style != null) {
            button.put("style", style);
        }
        return button;
    }

    private static Map<String, Object> section(String mrkdwn) {
        String text = mrkdwn.length() > 2900 ? mrkdwn.substring(0, 2900) + "…" : mrkdwn;
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", text));
    }

    /**
     * The plain text of an alert message (notifications, clients without Block Kit): every line of the rendered
     * message but the links, without bold — the title, {@code 상세 내용}, {@code 대상 서버} and the times.
     */
    private static String fallback(String text) {
        return String.join("\n", text.strip().lines().filter(l -> !l.isBlank() && !l.startsWith("<"))
                .map(l -> l.replace("*", "")).toList());
    }

    private static String firstLine(String text) {
        String line = text.strip().split("\n", 2)[0];
        return line.replace("*", "");
    }

    private String render(String name, Map<String, Object> scope) {
        return template(name).execute(scope).strip();
    }

    private Reader partial(String name) throws IOException {
        return new InputStreamReader(resources.getResource(slack.templates() + slack.locale() + "/" + name + ".mustache")
                .getInputStream(), StandardCharsets.UTF_8);
    }

    private Template template(String name) {
        return cache.computeIfAbsent(name, n -> {
            String location = slack.templates() + slack.locale() + "/" + n + ".mustache";
            Resource resource = resources.getResource(location);
            try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
                return compiler.compile(reader);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("plumbline.slack.templates: cannot load " + location + ": " + e.getMessage(), e);
            }
        });
    }
}
