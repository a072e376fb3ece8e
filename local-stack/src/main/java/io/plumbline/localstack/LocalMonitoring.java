package io.plumbline.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.monitoring.Alertmanager;
import io.plumbline.localstack.monitoring.ExternalServer;
import io.plumbline.localstack.monitoring.MysqldExporter;
import io.plumbline.localstack.monitoring.NodeExporter;
import io.plumbline.localstack.monitoring.Prometheus;

/**
 * Prometheus, Alertmanager and the node/mysqld exporters for the local stack, from Debian's packages when they are
 * installed: the console's cards then show measured numbers, and alerts fire through the real Alertmanager into
 * alert-router. Without the packages the platform runs as before and the cards say that no metrics were collected.
 */
final class LocalMonitoring implements AutoCloseable {

    static final String WEBHOOK_TOKEN_SECRET = "alertmanager-webhook-token";
    private static final List<String> BINARIES = List.of("prometheus", "prometheus-alertmanager",
            "prometheus-node-exporter", "prometheus-mysqld-exporter");

    private final Path dir;
    private final int prometheusPort;
    private final int alertmanagerPort;
    private final int nodeExporterPort;
    private final int mysqldExporterPort;
    private final List<ExternalServer> servers = new ArrayList<>();

    /** Ports: Prometheus, Alertmanager, node exporter, then two mysqld exporters on the next two ports. */
    LocalMonitoring(Path dir, int prometheusPort, int alertmanagerPort, int nodeExporterPort, int mysqldExporterPort) {
        this.dir = dir;
        this.prometheusPort = prometheusPort;
        this.alertmanagerPort = alertmanagerPort;
        this.nodeExporterPort = nodeExporterPort;
        this.mysqldExporterPort = mysqldExporterPort;
    }

    /** The Debian packages that are missing, empty when everything can start. */
    static List<String> missingPackages() {
        List<String> missing = new ArrayList<>();
        for (String binary : BINARIES) {
            try {
                ExternalServer.locate(binary, binary);
            } catch (IllegalStateException e) {
                missing.add(binary);
            }
        }
        return missing;
    }

    String prometheusUrl() {
        return "http://127.0.0.1:" + prometheusPort;
    }

    String alertmanagerUrl() {
        return "http://127.0.0.1:" + alertmanagerPort;
    }

    /** Starts everything; the services need not be up yet (Prometheus retries its scrapes). */
    void start(EmbeddedInfrastructure infra, Map<ServiceDefinition, Integer> servicePorts) throws IOException {
        NodeExporter node = new NodeExporter(dir.resolve("node-exporter"), nodeExporterPort);
        MysqldExporter mysqlM = new MysqldExporter(dir.resolve("mysqld-exporter-m"), mysqldExporterPort, infra.primary(),
                infra.credentials(DbAccount.EXPORTER));
        MysqldExporter mysqlS = new MysqldExporter(dir.resolve("mysqld-exporter-s"), mysqldExporterPort + 1,
                infra.replica(), infra.credentials(DbAccount.EXPORTER));
        for (ExternalServer s : List.of(node, mysqlM, mysqlS)) {
            s.start();
            servers.add(s);
        }
        String webhook = "http://127.0.0.1:" + servicePorts.get(ServiceDefinition.ALERT_ROUTER) + "/alertmanager/webhook";
        Alertmanager alertmanager = new Alertmanager(dir.resolve("alertmanager"), alertmanagerPort,
                Alertmanager.webhookConfig(webhook, infra.secret(WEBHOOK_TOKEN_SECRET), "10s", "1m", "4h"), 0, List.of());
        alertmanager.start();
        servers.add(alertmanager);

        Path rules = dir.resolve("rules.yml");
        try (InputStream in = LocalMonitoring.class.getResourceAsStream("/local-rules.yml")) {
            Files.createDirectories(dir);
            Files.write(rules, in.readAllBytes());
        }
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        jobs.put("node", List.of("127.0.0.1:" + node.port()));
        jobs.put("mysql-m", List.of("127.0.0.1:" + mysqlM.port()));
        jobs.put("mysql-s", List.of("127.0.0.1:" + mysqlS.port()));
        for (ServiceDefinition s : List.of(ServiceDefinition.BOOKING_API, ServiceDefinition.ALERT_ROUTER,
                ServiceDefinition.STATUS_PROJECTOR)) {
            jobs.put(s.module() + "-spring", List.of("127.0.0.1:" + servicePorts.get(s)));
        }
        Prometheus prometheus = new Prometheus(dir.resolve("prometheus"), prometheusPort, jobs, List.of(rules),
                List.of("127.0.0.1:" + alertmanagerPort));
        prometheus.start();
        servers.add(prometheus);
    }

    @Override
    public void close() {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).stop();
        }
    }
}
