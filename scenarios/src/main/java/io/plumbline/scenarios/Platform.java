package io.plumbline.scenarios;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.plumbline.localstack.infra.Credentials;
import io.plumbline.localstack.infra.Database;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.MariaDbServer;
import io.plumbline.localstack.infra.MariaDbServer.ReplicationStatus;
import io.plumbline.localstack.infra.Ports;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.infra.ServiceProcess;
import io.plumbline.localstack.monitoring.Alertmanager;
import io.plumbline.localstack.monitoring.MonitoringStack;
import io.plumbline.localstack.monitoring.Prometheus;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Everything real that can run here, wired as production is: Kafka, a MariaDB primary and replica behind a writer
 * endpoint (ProxySQL's role), three booking-api replicas, alert-router, status-projector, Prometheus scraping the
 * exporters and the services, Alertmanager notifying alert-router, and a Slack stub. All on 127.0.0.1, free ports.
 */
final class Platform implements AutoCloseable {

    /** As many booking-api replicas as the chart runs by default: maintenance must reach every one of them. */
    static final int BOOKING_REPLICAS = 3;

    static final String WEBHOOK_TOKEN_SECRET = MonitoringStack.WEBHOOK_TOKEN_SECRET;

    private final Path dir;
    private final Path projectDir;
    private final EmbeddedInfrastructure infra;
    private final WriterEndpoint writer;
    private final SlackStub slack;
    private final List<AutoCloseable> monitoring = new ArrayList<>();
    private final List<ServiceProcess> bookingApis = new ArrayList<>();
    private final Map<ServiceDefinition, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<ServiceDefinition, Integer> ports = new LinkedHashMap<>();
    /** Actuator's port of each service (of the first booking-api replica: Prometheus scrapes that one). */
    private final Map<ServiceDefinition, Integer> managementPorts = new LinkedHashMap<>();
    private final EventRecorder events;
    private Prometheus prometheus;
    private Alertmanager alertmanager;
    private volatile Database writerDatabase;

    private Platform(Path relativeOrAbsolute, Path projectDir, int bookingReplicas, boolean monitored) throws IOException {
        Path dir = relativeOrAbsolute.toAbsolutePath(); // MariaDB resolves relative paths against its data directory
        this.dir = dir;
        this.projectDir = projectDir;
        deleteRecursively(dir); // every run starts from nothing: a fault leaves traces the next run must not inherit
        step("starting Kafka (KRaft) and MariaDB primary + replica");
        infra = EmbeddedInfrastructure.onFreePorts(dir.resolve("stack")).start();
        try {
            writerDatabase = infra.primary();
            writer = new WriterEndpoint(Ports.free(), address(writerDatabase));
            slack = new SlackStub(Ports.free());
            events = new EventRecorder(infra.kafkaBootstrapServers());
            for (ServiceDefinition s : ServiceDefinition.values()) {
                ports.put(s, Ports.free());
                managementPorts.put(s, Ports.free());
            }
            if (monitored) {
                startMonitoring();
            }
            step("starting the services");
            List<ServiceProcess> starting = new ArrayList<>();
            for (int i = 0; i < bookingReplicas; i++) {
                ServiceProcess api = service(ServiceDefinition.BOOKING_API, i == 0 ? ports.get(ServiceDefinition.BOOKING_API)
                        : Ports.free(), "booking-api-" + (i + 1));
                bookingApis.add(api);
                starting.add(api.start());
            }
            services.put(ServiceDefinition.BOOKING_API, bookingApis.get(0));
            for (ServiceDefinition s : List.of(ServiceDefinition.ALERT_ROUTER, ServiceDefinition.STATUS_PROJECTOR)) {
                ServiceProcess p = service(s, ports.get(s), s.module());
                services.put(s, p);
                starting.add(p.start());
            }
            for (ServiceProcess p : starting) {
                p.awaitReady(Duration.ofMinutes(4));
                step(p.service().module() + " ready at " + p.baseUrl());
            }
        } catch (IOException | RuntimeException e) {
            close(); // a platform that did not come up must not leave its processes behind
            throw e;
        }
    }

    static Platform start(Path dir, Path projectDir, int bookingReplicas, boolean monitored) throws IOException {
        return new Platform(dir, projectDir, bookingReplicas, monitored);
    }

    private ServiceProcess service(ServiceDefinition service, int port, String name) {
        Map<String, String> overrides = overrides(service);
        if (port == ports.get(service)) {
            overrides.put("management.server.port", Integer.toString(managementPorts.get(service)));
        } // the other booking-api replicas: a free management port each (ServiceProcess)
        return ServiceProcess.of(service, infra, projectDir, port, dir.resolve("logs").resolve(name), overrides)
                .orElseThrow(() -> new IllegalStateException(service.module() + " is not built: run ./mvnw -B install -DskipTests"));
    }

    /** How this platform differs from the plain local stack: writes go through the writer endpoint, Slack is the stub. */
    private Map<String, String> overrides(ServiceDefinition service) {
        Map<String, String> p = new LinkedHashMap<>();
        String writerUrl = infra.primary().flavour().jdbcUrl("127.0.0.1", writer.port(), "booking");
        switch (service) {
            case BOOKING_API -> {
                p.put("spring.datasource.url", writerUrl);
                p.put("spring.flyway.url", writerUrl);
                p.put("plumbline.cdc.host", "127.0.0.1");
                p.put("plumbline.cdc.port", Integer.toString(writer.port()));
                p.put("plumbline.booking.lookup-rate-limit", "100000"); // every simulated customer comes from 127.0.0.1
            }
            case ALERT_ROUTER -> {
                // every service's own schema lives on the same cluster, reached through the writer endpoint as in production
                String alerting = infra.primary().flavour().jdbcUrl("127.0.0.1", writer.port(), "alerting");
                p.put("spring.datasource.url", alerting);
                p.put("spring.flyway.url", alerting);
                p.put("plumbline.slack.web-api-url", slack.baseUrl() + "/api");
                p.put("plumbline.slack.bot-token", "xoxb-scenario");
                p.put("plumbline.slack.default-channel", "#ops-alerts");
                p.put("plumbline.alerting.console-url", "http://127.0.0.1:" + ports.get(ServiceDefinition.STATUS_PROJECTOR));
            }
            case STATUS_PROJECTOR -> {
                String status = infra.primary().flavour().jdbcUrl("127.0.0.1", writer.port(), "status");
                p.put("spring.datasource.url", status);
                p.put("spring.flyway.url", status);
                if (prometheus != null) {
                    p.put("plumbline.metrics.prometheus-url", prometheus.baseUrl());
                }
                p.put("plumbline.console.booking-api.url", "http://127.0.0.1:" + ports.get(ServiceDefinition.BOOKING_API));
            }
            case BACKUP_WORKER -> {
            }
        }
        return p;
    }

    private void startMonitoring() throws IOException {
        step("starting Prometheus, Alertmanager and the node/mysqld exporters (Debian packages)");
        MonitoringStack stack = new MonitoringStack(dir.resolve("monitoring"), new MonitoringStack.Settings(Ports.free(),
                Ports.free(), Ports.free(), Ports.free(), Ports.free(), "1s", "1s", "/scenario-rules.yml"));
        monitoring.add(stack);
        stack.start(infra, ports, managementPorts);
        prometheus = stack.prometheus();
        alertmanager = stack.alertmanager();
    }

    /**
     * What Orchestrator does when the primary is dead (DeadMaster recovery): stop replication on the most advanced
     * replica, make it writable, and move the writer endpoint (ProxySQL's writer hostgroup) to it.
     */
    void promoteReplica() {
        infra.databases().replica().runAsRoot("STOP SLAVE; RESET SLAVE ALL; SET GLOBAL read_only = OFF; "
                + "SET GLOBAL rpl_semi_sync_master_enabled = ON;");
        writerDatabase = infra.replica();
        writer.switchTo(address(writerDatabase));
    }

    /**
     * How the old primary's return went: its binlog position when it came back, whether it had transactions the new
     * primary never received (an errant transaction: written to its binlog, never acknowledged by the replica, so the
     * customer's commit never returned) and was therefore re-cloned, and whether it then replicates.
     */
    record Rejoin(String oldPrimaryBinlog, String newPrimaryBinlog, boolean recloned, boolean replicating, String detail) {
    }

    /**
     * The repaired old primary comes back read-only and replicates from the new primary (an operator's step). It first
     * tries to continue from its own position ({@code MASTER_USE_GTID=current_pos}); when the new primary refuses that
     * position (error 1236: the old primary holds transactions the new one never had, which Orchestrator reports as
     * errant GTIDs) it is re-cloned from the new primary, as an operator would, and replicates from the copy's position.
     */
    Rejoin rejoinOldPrimaryAsReplica() {
        infra.startPrimary();
        MariaDbServer old = infra.databases().primary();
        MariaDbServer current = infra.databases().replica();
        Credentials monitor = infra.credentials(DbAccount.PROBE);
        String oldBinlog = old.variable("@@gtid_binlog_pos", monitor);
        String newBinlog = current.variable("@@gtid_binlog_pos", monitor);
        old.runAsRoot("SET GLOBAL rpl_semi_sync_master_enabled = OFF");
        old.replicateFrom(current, infra.credentials(DbAccount.REPLICATOR), "current_pos");
        ReplicationStatus status = awaitReplication(old, Duration.ofSeconds(20));
        if (status.running()) {
            return new Rejoin(oldBinlog, newBinlog, false, true, "replicating from its own position " + oldBinlog);
        }
        if (status.ioErrno() != 1236) {
            return new Rejoin(oldBinlog, newBinlog, false, false, "replication not running: " + status);
        }
        step("old primary holds transactions the new primary never received (its binlog " + oldBinlog
                + ", the new primary's " + newBinlog + "): re-cloning it from the new primary");
        old.copyFrom(current, DbAccount.SCHEMAS);
        old.replicateFrom(current, infra.credentials(DbAccount.REPLICATOR), "slave_pos");
        status = awaitReplication(old, Duration.ofSeconds(30));
        return new Rejoin(oldBinlog, newBinlog, true, status.running(), status.running()
                ? "re-cloned, replicating from " + old.variable("@@gtid_slave_pos", monitor) : "re-cloned, but " + status);
    }

    /** Waits (bounded) until both replication threads run or the I/O thread reports an error; the last status seen. */
    private ReplicationStatus awaitReplication(MariaDbServer server, Duration timeout) {
        Credentials monitor = infra.credentials(DbAccount.PROBE);
        java.util.function.Supplier<ReplicationStatus> status = () -> {
            try {
                return server.replicationStatus(monitor).orElse(new ReplicationStatus(false, false, 0, "not a replica", null));
            } catch (IllegalStateException e) {
                return new ReplicationStatus(false, false, 0, e.getMessage(), null); // not answering yet: asked again
            }
        };
        try {
            return await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(status::get,
                    s -> s.running() || s.ioErrno() != 0);
        } catch (ConditionTimeoutException e) {
            return status.get();
        }
    }

    private static InetSocketAddress address(Database db) {
        return new InetSocketAddress(db.host(), db.port());
    }

    /** The server behind the writer endpoint now: the primary, or the replica once it was promoted. */
    Database writerDatabase() {
        return writerDatabase;
    }

    /** The console's first admin (status-projector creates it at first start with the password generated for this run). */
    Credentials consoleAdmin() {
        return new Credentials("admin", infra.secret("console-admin-password"));
    }

    EmbeddedInfrastructure infra() {
        return infra;
    }

    SlackStub slack() {
        return slack;
    }

    EventRecorder events() {
        return events;
    }

    List<ServiceProcess> bookingApis() {
        return List.copyOf(bookingApis);
    }

    ServiceProcess service(ServiceDefinition service) {
        return services.get(service);
    }

    Prometheus prometheus() {
        return prometheus;
    }

    Alertmanager alertmanager() {
        return alertmanager;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static void step(String message) {
        System.out.println("[platform] " + message);
    }

    @Override
    public void close() {
        step("stopping");
        if (events != null) {
            events.close();
        }
        services.values().forEach(ServiceProcess::stop);
        bookingApis.forEach(ServiceProcess::stop);
        for (AutoCloseable c : monitoring) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (slack != null) {
            slack.close();
        }
        if (writer != null) {
            writer.close();
        }
        infra.close();
    }
}
