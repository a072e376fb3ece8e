package io.plumbline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.Ports;
import io.plumbline.localstack.monitoring.Alertmanager;
import io.plumbline.localstack.monitoring.MysqldExporter;
import io.plumbline.localstack.monitoring.NodeExporter;
import io.plumbline.localstack.monitoring.Prometheus;
import io.plumbline.localstack.testing.PlumblineStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PlumblineStack.class)
class MonitoringComponentsTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void prometheusScrapesNodeAndMysqldExportersOnTheRealPrimary(@TempDir Path dir) throws Exception {
        EmbeddedInfrastructure infra = PlumblineStack.embedded();
        try (NodeExporter node = new NodeExporter(dir.resolve("node"), Ports.free());
                MysqldExporter mysqld = new MysqldExporter(dir.resolve("mysqld"), Ports.free(), infra.primary(),
                        infra.credentials(DbAccount.EXPORTER));
                Prometheus prometheus = new Prometheus(dir.resolve("prom"), Ports.free(),
                        Map.of("node", List.of("127.0.0.1:" + node.port()), "mysqld", List.of("127.0.0.1:" + mysqld.port())),
                        List.of(), List.of())) {
            node.start();
            mysqld.start();
            prometheus.start();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(query(prometheus, "mysql_up")).contains("\"value\"").contains("\"1\"");
                assertThat(query(prometheus, "node_memory_MemTotal_bytes")).contains("\"value\"");
            });
        }
    }

    @Test
    void alertmanagerDeliversFiredAlertsToTheWebhookWithTheBearerToken(@TempDir Path dir) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/alertmanager/webhook", exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        String url = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/alertmanager/webhook";
        try (Alertmanager am = new Alertmanager(dir, Ports.free(),
                Alertmanager.webhookConfig(url, "s3cret", "1s", "1s", "1h"), 0, List.of())) {
            am.start();
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(am.baseUrl() + "/api/v2/alerts"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            [{"labels":{"alertname":"InstanceDown","instance":"mysql-m","severity":"critical"},
                              "annotations":{"summary":"mysql-m is down"}}]""")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> !received.isEmpty());
            assertThat(received.get(0)).startsWith("Bearer s3cret").contains("\"alertname\":\"InstanceDown\"")
                    .contains("\"status\":\"firing\"");
        } finally {
            webhook.stop(0);
        }
    }

    private String query(Prometheus prometheus, String promql) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(prometheus.baseUrl() + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
