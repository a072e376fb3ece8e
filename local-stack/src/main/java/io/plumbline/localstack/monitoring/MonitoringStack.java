package io.plumbline.localstack.monitoring;

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

/**
 * Prometheus, Alertmanager and the node/mysqld exporters from Debian's packages, wired to a running platform: the
 * exporters watch the primary and the replica, Prometheus scrapes them and the services and evaluates the alert rules,
 * Alertmanager notifies alert-router's webhook. Used by the local stack ({@code ./plumbline}) and the failure
 * scenarios; the production monitoring is the Helm chart's.
 */
public final class MonitoringStack implements AutoCloseable {

    /** The shared secret Alertmanager sends alert-router as a bearer token (see ServiceDefinition). */
    public static final String WEBHOOK_TOKEN_SECRET = "alertmanager-webhook-token";
    private static final List<String> BINARIES = List.of("prometheus", "prometheus-alertmanager",
            "prometheus-node-exporter", "prometheus-mysqld-exporter");

    /**
     * @param prometheus     Prometheus port
     * @param alertmanager   Alertmanager port
     * @param nodeExporter   node exporter port
     * @param mysqldPrimary  mysqld exporter port for the primary
     * @param mysqldReplica  mysqld exporter port for the replica
     * @param groupWait      Alertmanager's group_wait for the webhook route
     * @param groupInterval  Alertmanager's group_interval for the webhook route
     * @param rulesResource  classpath resource with the alert rules
     */
    public record Settings(int prometheus, int alertmanager, int nodeExporter, int mysqldPrimary, int mysqldReplica,
            String groupWait, String groupInterval, String rulesResource) {
    }

    private final Path dir;
    private final Settings settings;
    private final List<ExternalServer> servers = new ArrayList<>();
    private Prometheus prometheus;
    private Alertmanager alertmanager;

    public MonitoringStack(Path dir, Settings settings) {
        this.dir = dir;
        this.settings = settings;
    }

    /** The Debian packages that are missing, empty when everything can start. */
    public static List<String> missingPackages() {
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

    /**
     * Starts everything; the services need not be up yet (Prometheus retries its scrapes). Alertmanager notifies
     * alert-router on its {@code servicePorts} port; Prometheus scrapes the services' {@code managementPorts}.
     */
    public MonitoringStack start(EmbeddedInfrastructure infra, Map<ServiceDefinition, Integer> servicePorts,
            Map<ServiceDefinition, Integer> managementPorts) throws IOException {
        NodeExporter node = new NodeExporter(dir.resolve("node-exporter"), settings.nodeExporter());
        MysqldExporter mysqlM = new MysqldExporter(dir.resolve("mysqld-exporter-m"), settings.mysqldPrimary(),
                infra.primary(), infra.credentials(DbAccount.EXPORTER));
        MysqldExporter mysqlS = new MysqldExporter(dir.resolve("mysqld-exporter-s"), settings.mysqldReplica(),
                infra.replica(), infra.credentials(DbAccount.EXPORTER));
        for (ExternalServer s : List.of(node, mysqlM, mysqlS)) {
            s.start();
            servers.add(s);
        }
        String webhook = "http://127.0.0.1:" + servicePorts.get(ServiceDefinition.ALERT_ROUTER) + "/alertmanager/webhook";
        alertmanager = new Alertmanager(dir.resolve("alertmanager"), settings.alertmanager(),
                Alertmanager.webhookConfig(webhook, infra.secret(WEBHOOK_TOKEN_SECRET), settings.groupWait(),
                        settings.groupInterval(), "4h"), 0, List.of());
        alertmanager.start();
        servers.add(alertmanager);

        Path rules = dir.resolve("rules.yml");
        try (InputStream in = MonitoringStack.class.getResourceAsStream(settings.rulesResource())) {
            if (in == null) {
                throw new IllegalStateException("no alert rules at classpath:" + settings.rulesResource());
            }
            Files.createDirectories(dir);
            Files.write(rules, in.readAllBytes());
        }
        Map<String, List<String>> jobs = new LinkedHashMap<>();
        jobs.put("node", List.of("127.0.0.1:" + node.port()));
        jobs.put("mysql-m", List.of("127.0.0.1:" + mysqlM.port()));
        jobs.put("mysql-s", List.of("127.0.0.1:" + mysqlS.port()));
        for (ServiceDefinition s : List.of(ServiceDefinition.BOOKING_API, ServiceDefinition.ALERT_ROUTER,
                ServiceDefinition.STATUS_PROJECTOR)) {
            jobs.put(s.module() + "-spring", List.of("127.0.0.1:" + managementPorts.get(s)));
        }
        prometheus = new Prometheus(dir.resolve("prometheus"), settings.prometheus(), jobs, List.of(rules),
                List.of("127.0.0.1:" + settings.alertmanager()));
        prometheus.start();
        servers.add(prometheus);
        return this;
    }

    public Prometheus prometheus() {
        return prometheus;
    }

    public Alertmanager alertmanager() {
        return alertmanager;
    }

    public Path rulesFile() {
        return dir.resolve("rules.yml");
    }

    @Override
    public void close() {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).stop();
        }
    }
}
