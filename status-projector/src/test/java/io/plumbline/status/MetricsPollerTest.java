package io.plumbline.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.Topics;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.events.metrics.MetricSampled;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.Ports;
import io.plumbline.localstack.monitoring.MysqldExporter;
import io.plumbline.localstack.monitoring.NodeExporter;
import io.plumbline.localstack.monitoring.Prometheus;
import io.plumbline.localstack.testing.PlumblineStack;
import io.plumbline.status.metrics.MetricsPoller;
import io.plumbline.status.metrics.MetricsProperties;
import io.plumbline.status.nodes.NodeTable;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The poller against a real Prometheus (Debian) scraping real node and mysqld exporters on the local primary. */
class MetricsPollerTest extends StatusProjectorTestSupport {

    @Autowired
    EventPublisher publisher;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void publishesPromQlResultsFromARealPrometheusAndTheCardsShowThem(@TempDir Path dir) throws Exception {
        EmbeddedInfrastructure infra = PlumblineStack.embedded();
        try (NodeExporter node = new NodeExporter(dir.resolve("node"), Ports.free());
                MysqldExporter mysqld = new MysqldExporter(dir.resolve("mysqld"), Ports.free(), infra.primary(),
                        infra.credentials(DbAccount.EXPORTER));
                Prometheus prometheus = new Prometheus(dir.resolve("prom"), Ports.free(),
                        Map.of("node", List.of("127.0.0.1:" + node.port()), "mysqld", List.of("127.0.0.1:" + mysqld.port())),
                        List.of(), List.of());
                TopicRecorder metrics = new TopicRecorder(bootstrapServers(), Topics.METRICS)) {
            node.start();
            mysqld.start();
            prometheus.start();
            Map<String, String> queries = new LinkedHashMap<>();
            queries.put("test-memory-used-percent", "100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)");
            queries.put("test-mysql-up", "mysql_up");
            queries.put("test-broken", "sum(");
            MetricsPoller poller = new MetricsPoller(new MetricsProperties(URI.create(prometheus.baseUrl()),
                    Duration.ofSeconds(15), Duration.ofSeconds(5), queries), publisher, new SimpleMeterRegistry());

            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                poller.pollOnce();
                assertThat(metrics.events(MetricSampled.class)).anySatisfy(m -> {
                    assertThat(m.metric()).isEqualTo("test-mysql-up");
                    assertThat(m.samples()).anySatisfy(s -> assertThat(s.value()).isEqualTo(1.0));
                }).anySatisfy(m -> {
                    assertThat(m.metric()).isEqualTo("test-memory-used-percent");
                    assertThat(m.samples()).isNotEmpty().allSatisfy(s -> assertThat(s.value()).isBetween(0.0, 100.0));
                });
            });
            assertThat(metrics.events(MetricSampled.class)).noneSatisfy(m -> assertThat(m.metric()).isEqualTo("test-broken"));
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM proj_metric WHERE metric = 'test-mysql-up'", Integer.class) == 1);
        }
    }

    @Autowired
    MetricsProperties configured;

    @Autowired
    NodeTable nodeTable;

    @Test
    void theNodeTablesDefaultQueriesFillARowPerMachineFromARealNodeExporter(@TempDir Path dir) throws Exception {
        try (NodeExporter node = new NodeExporter(dir.resolve("node"), Ports.free());
                Prometheus prometheus = new Prometheus(dir.resolve("prom"), Ports.free(),
                        Map.of("node", List.of("127.0.0.1:" + node.port())), List.of(), List.of())) {
            node.start();
            prometheus.start();
            Map<String, String> queries = new LinkedHashMap<>();
            for (String metric : List.of("node-up", "cpu-busy-percent", "memory-used-percent", "root-disk-used-percent")) {
                queries.put(metric, configured.queries().get(metric)); // the shipped PromQL, from application.yml
            }
            MetricsPoller poller = new MetricsPoller(new MetricsProperties(URI.create(prometheus.baseUrl()),
                    Duration.ofSeconds(15), Duration.ofSeconds(5), queries), publisher, new SimpleMeterRegistry());

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                poller.pollOnce();
                assertThat(nodeTable.rows()).anySatisfy(row -> {
                    assertThat(row.name()).isEqualTo("127.0.0.1"); // not in the seed's list: added under its address
                    assertThat(row.status()).isEqualTo(NodeTable.Status.READY);
                    assertThat(row.cpu()).isBetween(0.0, 100.0);
                    assertThat(row.memory()).isBetween(0.0, 100.0);
                    assertThat(row.disk()).isBetween(0.0, 100.0);
                    assertThat(row.dataAt()).isAfter(java.time.Instant.now().minusSeconds(60));
                });
            });
        }
    }
}
