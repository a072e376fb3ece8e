package io.plumbline.alerting.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.plumbline.alerting.AlertingProperties;
import io.plumbline.events.alerts.Alert;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.util.unit.DataSize;

class SlackMessagesTest {

    private static SlackProperties slack(String locale, List<SlackProperties.Route> routes) {
        return new SlackProperties(URI.create("https://slack.com/api"), "xoxb-1", null, "#ops-alerts", "secret", locale,
                "classpath:/slack/", routes, Duration.ofSeconds(1), 8, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(10), 10, 60);
    }

    private static final AlertingProperties ALERTING = new AlertingProperties(URI.create("http://127.0.0.1:8082"), null,
            URI.create("http://127.0.0.1:9093"), Duration.ofHours(1),
            new AlertingProperties.Webhook("t", "alertmanager", null, DataSize.ofMegabytes(1), 1000, Duration.ofSeconds(10),
                    Duration.ofMinutes(5)));

    private static Alert alert(Map<String, String> labels, Map<String, String> annotations) {
        return new Alert("fp1", labels, annotations, Instant.parse("2026-03-23T11:50:00Z"), null, null, "r", "g", null);
    }

    @Test
    void rendersTheSeedFormatInKorean() {
        SlackMessages messages = new SlackMessages(new DefaultResourceLoader(), slack("ko", List.of()), ALERTING);
        SlackMessage m = messages.firing(alert(Map.of("alertname", "AlertmanagerClusterDown", "severity", "critical",
                "instance", "172.16.0.9:9100"), Map.of("summary", "100% of Alertmanager instances are down")), "#ops", true);
        String text = m.blocks().get(0).toString();
        assertThat(m.text()).startsWith("[FATAL ERROR] AlertmanagerClusterDown\n");
        assertThat(text).contains("*상세 내용:* 100% of Alertmanager instances are down", "*대상 서버:* 172.16.0.9:9100",
                "2026-03-23 20:50:00 KST", "<http://127.0.0.1:8082|관리자 대시보드 접속>");
        assertThat(m.color()).isEqualTo("#d00000");
        assertThat(m.blocks()).hasSize(2);
    }

    @Test
    void plainTextFallbackCarriesDetailsAndTargetServer() {
        SlackMessages messages = new SlackMessages(new DefaultResourceLoader(), slack("ko", List.of()), ALERTING);
        Alert alert = alert(Map.of("alertname", "DiskAlmostFull", "severity", "critical", "instance", "172.16.0.9:9100"),
                Map.of("summary", "Disk is 95% full", "runbook_url", "https://runbooks.example/disk"));
        assertThat(messages.firing(alert, "#ops", true).text()).isEqualTo("""
                [FATAL ERROR] DiskAlmostFull
                상세 내용: Disk is 95% full
                대상 서버: 172.16.0.9:9100
                발생 시각: 2026-03-23 20:50:00 KST""");
        assertThat(messages.resolved(alert, "#ops").text()).startsWith("[RESOLVED] DiskAlmostFull\n")
                .contains("\n대상 서버: 172.16.0.9:9100\n").contains("상세 내용: ● 시스템이 정상 상태로 복구되었습니다.")
                .doesNotContain("*", "관리자 대시보드 접속", "runbooks.example");
    }

    @Test
    void escapesAlertTextSoItCannotInjectLinksOrMentions() {
        SlackMessages messages = new SlackMessages(new DefaultResourceLoader(), slack("ko", List.of()), ALERTING);
        SlackMessage m = messages.firing(alert(Map.of("alertname", "X", "severity", "warning"),
                Map.of("summary", "<!channel> & <http://evil|click>")), "#ops", false);
        assertThat(m.blocks().get(0).toString()).contains("&lt;!channel&gt; &amp; &lt;http://evil|click&gt;");
        assertThat(m.text()).startsWith("[WARNING] X\n").contains("&lt;!channel&gt;");
    }

    @Test
    void resolvedInEnglishWhenConfigured() {
        SlackMessages messages = new SlackMessages(new DefaultResourceLoader(), slack("en", List.of()), ALERTING);
        SlackMessage m = messages.resolved(alert(Map.of("alertname", "InstanceDown", "instance", "n1"), Map.of()), "#ops");
        assertThat(m.text()).startsWith("[RESOLVED] InstanceDown\n").contains("Target server: n1");
        assertThat(m.blocks().get(0).toString()).contains("Open the admin dashboard", "Target server:* n1");
    }

    @Test
    void routesByLabelMatchersFirstMatchWins() {
        SlackRoutes routes = new SlackRoutes(slack("ko", List.of(
                new SlackProperties.Route(Map.of("team", "db", "severity", "critical|page"), "#db-oncall"),
                new SlackProperties.Route(Map.of("team", "db"), "#db"))));
        assertThat(routes.channelFor(Map.of("team", "db", "severity", "critical"))).isEqualTo("#db-oncall");
        assertThat(routes.channelFor(Map.of("team", "db", "severity", "warning"))).isEqualTo("#db");
        assertThat(routes.channelFor(Map.of("team", "web"))).isEqualTo("#ops-alerts");
    }

    @Test
    void emergencyMaintenanceReadsInKoreanWithItsEndWhenKnown() {
        SlackMessages messages = new SlackMessages(new DefaultResourceLoader(), slack("ko", List.of()), ALERTING);
        Map<String, Object> values = new java.util.HashMap<>(Map.of("title", "FATAL ERROR", "emergency", true,
                "scope", "bookings", "reason", "쓰기 DB 서버 없음", "byPolicy", true, "triggeredBy", "writer-lost",
                "windowEnd", Instant.parse("2026-03-23T12:00:00Z"), "changedAt", Instant.parse("2026-03-23T11:50:00Z")));
        SlackMessage m = messages.platform("maintenance-changed", values, "#d00000", "#ops");
        assertThat(m.text()).isEqualTo("""
                [FATAL ERROR] 긴급 점검
                상세 내용: 쓰기 DB 서버 없음 (종료 예정: 2026-03-23 21:00:00 KST)
                대상 서버: booking-api (bookings)
                변경: 자동 정책 writer-lost · 2026-03-23 20:50:00 KST""");
        values.remove("windowEnd");
        values.put("windowStart", Instant.parse("2026-03-23T12:00:00Z"));
        assertThat(messages.platform("maintenance-changed", values, "#d00000", "#ops").text())
                .contains("(예정: 2026-03-23 21:00:00 KST ~ 종료 미정)");
    }
}
