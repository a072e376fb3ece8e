package io.plumbline.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plumbline.events.Topics;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.events.metrics.MetricSampled;
import io.plumbline.events.metrics.MetricSampled.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The overview's node status table, from metric samples that arrive on ops.metrics.v1. */
class NodeStatusTest extends StatusProjectorTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    EventPublisher publisher;

    private void publish(String metric, Instant at, Object... instanceValue) {
        List<Sample> samples = new java.util.ArrayList<>();
        for (int i = 0; i < instanceValue.length; i += 2) {
            samples.add(new Sample(Map.of("instance", (String) instanceValue[i], "job", "node"), (Double) instanceValue[i + 1], at));
        }
        publisher.publishAndWait(Topics.METRICS, UUID.randomUUID().toString(), new MetricSampled(metric, "q", samples, at),
                at, Duration.ofSeconds(10));
    }

    @Test
    void overviewListsTheSeedsNodesWithTheirDataAgeAndGreysStaleRows() throws Exception {
        Instant fresh = Instant.now();
        Instant old = fresh.minus(Duration.ofHours(1));
        publish("node-up", fresh, "172.16.0.4:9100", 1.0, "172.16.0.9:9100", 0.0, "172.16.0.3:9100", 1.0);
        publish("cpu-busy-percent", fresh, "172.16.0.4:9100", 25.9);
        publish("memory-used-percent", fresh, "172.16.0.4:9100", 58.0);
        publish("root-disk-used-percent", old, "172.16.0.4:9100", 40.4, "172.16.0.3:9100", 71.5);

        ConsoleSession session = ConsoleSession.signIn(port, "admin", adminPassword());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String page = session.get("/").body();
            assertThat(row(page, "k8s-m")).contains("(172.16.0.4)").contains(">Ready<").contains("25.9%").contains("58.0%")
                    .contains("40.4%").as("its disk value is an hour old").contains("stale").contains(">1h<");
            assertThat(row(page, "bastion-s")).contains(">Down<").contains("N/A").doesNotContain("stale");
            assertThat(row(page, "mysql-m")).contains("데이터 없음").contains("stale");
        });
        publish("root-disk-used-percent", fresh, "172.16.0.4:9100", 40.5);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(row(session.get("/").body(), "k8s-m")).contains("40.5%").doesNotContain("stale"));
    }

    private static String row(String html, String node) {
        int at = html.indexOf("data-node=\"" + node + "\"");
        assertThat(at).as(node + " in the node table").isNotNegative();
        return html.substring(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at));
    }
}
