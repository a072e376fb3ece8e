package io.plumbline.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.plumbline.localstack.infra.ServiceProcess;
import io.plumbline.localstack.monitoring.MonitoringStack;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.MariaDbServer;
import io.plumbline.localstack.infra.Parallel;
import io.plumbline.localstack.infra.Ports;
import io.plumbline.localstack.infra.Secrets;
import io.plumbline.localstack.infra.ServiceDefinition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the whole platform on this machine: a real Kafka broker (KRaft), a real MariaDB primary and replica
 * with GTID replication, topics and least-privilege accounts, then every Plumbline service that has been
 * built, each in its own JVM. A child that dies is restarted ({@link Supervisor}). Ctrl-C stops everything in
 * dependency order, services first; data stays in {@code --data-dir} for the next start.
 */
@Command(name = "plumbline-local", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs Plumbline locally on a real Kafka broker and a real MariaDB primary/replica.")
public final class LocalStack implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = ".plumbline", description = "Where Kafka, MariaDB and secrets keep their data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "19092", description = "Kafka client port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", defaultValue = "19093", description = "Kafka KRaft controller port (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--primary-port", defaultValue = "13306", description = "MariaDB primary port (default: ${DEFAULT-VALUE}).")
    int primaryPort;

    @Option(names = "--replica-port", defaultValue = "13307", description = "MariaDB replica port (default: ${DEFAULT-VALUE}).")
    int replicaPort;

    @Option(names = "--port", description = "Service port override, e.g. --port booking-api=18080 (repeatable).")
    Map<String, Integer> servicePorts = Map.of();

    @Option(names = "--management-port", description = "Actuator port override, e.g. --management-port booking-api=19080 "
            + "(repeatable; defaults 9080-9083).")
    Map<String, Integer> managementPorts = Map.of();

    @Option(names = "--infra-only", description = "Start Kafka and MariaDB only, no Plumbline service.")
    boolean infraOnly;

    enum MonitoringMode { auto, on, off }

    @Option(names = "--monitoring", defaultValue = "auto", description = "Prometheus, Alertmanager and the node/mysqld "
            + "exporters from Debian's packages: auto (when installed), on (fail if missing), off (default: ${DEFAULT-VALUE}).")
    MonitoringMode monitoringMode;

    @Option(names = "--prometheus-port", defaultValue = "19090", description = "Prometheus port (default: ${DEFAULT-VALUE}).")
    int prometheusPort;

    @Option(names = "--alertmanager-port", defaultValue = "19095", description = "Alertmanager port (default: ${DEFAULT-VALUE}).")
    int alertmanagerPort;

    @Option(names = "--exporter-port", defaultValue = "19100", description = "First of the node exporter's and the two "
            + "mysqld exporters' ports (default: ${DEFAULT-VALUE}, ${DEFAULT-VALUE}+4, +5).")
    int exporterPort;

    private MonitoringStack monitoring;
    /** Decided once, before the ports are checked: whether this start runs the monitoring components. */
    private boolean withMonitoring;

    private final List<ServiceProcess> services = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Supervisor supervisor = new Supervisor(Supervisor.Policy.standard(), System.out::println);

    public static void main(String[] args) {
        int code = new CommandLine(new LocalStack()).execute(args);
        if (code != 0) {
            System.exit(code); // Kafka's client threads are not daemons: a failed start must still exit
        }
    }

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        dataDir = dataDir.toAbsolutePath();
        Files.createDirectories(dataDir);
        Files.createDirectories(dataDir.resolve("backups")); // backup-worker's target (the NFS volume in production)
        withMonitoring = monitoringWanted();
        checkPorts();
        Secrets secrets = Secrets.load(dataDir.resolve("secrets.properties"));

        step("1/3", "starting Kafka (KRaft) and MariaDB primary + replica in " + dataDir);
        EmbeddedInfrastructure infra = new EmbeddedInfrastructure(dataDir, kafkaPort, controllerPort, primaryPort,
                replicaPort, secrets);
        infra.databases().primary().stopOnlyWhenAsked(); // stopped below, after the services that use them
        infra.databases().replica().stopOnlyWhenAsked();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Instant stopping = Instant.now();
            System.out.println("\nstopping Plumbline: services first, then Kafka and MariaDB…");
            supervisor.close();
            Parallel.run(services.stream().map(s -> (Runnable) s::stop).toArray(Runnable[]::new));
            if (monitoring != null) {
                monitoring.close();
            }
            infra.close();
            System.out.println("stopped in " + Duration.between(stopping, Instant.now()).toMillis() + " ms; data kept in "
                    + dataDir);
            stopped.countDown();
        }, "plumbline-stop"));
        infra.start();
        superviseInfrastructure(infra);
        step("2/3", "infrastructure ready in " + Duration.between(started, Instant.now()).toSeconds() + " s");

        if (!infraOnly) {
            startMonitoring(infra);
            for (ServiceDefinition service : ServiceDefinition.values()) {
                startService(service, infra);
            }
            awaitServices();
        }
        step("3/3", "Plumbline is up after " + Duration.between(started, Instant.now()).toSeconds() + " s");
        printSummary(infra, secrets);
        stopped.await();
        return 0;
    }

    private boolean monitoringWanted() {
        if (infraOnly || monitoringMode == MonitoringMode.off) {
            return false;
        }
        List<String> missing = MonitoringStack.missingPackages();
        if (missing.isEmpty()) {
            return true;
        }
        if (monitoringMode == MonitoringMode.on) {
            throw new IllegalStateException("--monitoring=on needs Debian's " + String.join(", ", missing)
                    + " (apt-get install -y " + String.join(" ", missing) + ")");
        }
        System.out.println("   - monitoring: skipped, not installed: " + String.join(", ", missing)
                + " (apt-get install -y " + String.join(" ", missing) + "); the console's cards stay empty");
        return false;
    }

    private void startMonitoring(EmbeddedInfrastructure infra) throws java.io.IOException {
        if (!withMonitoring) {
            return;
        }
        Map<ServiceDefinition, Integer> ports = new java.util.EnumMap<>(ServiceDefinition.class);
        Map<ServiceDefinition, Integer> managementPorts = new java.util.EnumMap<>(ServiceDefinition.class);
        for (ServiceDefinition s : ServiceDefinition.values()) {
            ports.put(s, port(s));
            managementPorts.put(s, managementPort(s));
        }
        monitoring = new MonitoringStack(dataDir.resolve("monitoring"), new MonitoringStack.Settings(prometheusPort,
                alertmanagerPort, exporterPort, exporterPort + 4, exporterPort + 5, "10s", "1m", "/local-rules.yml"))
                .start(infra, ports, managementPorts);
        System.out.println("   - monitoring: Prometheus " + monitoring.prometheus().baseUrl() + ", Alertmanager "
                + monitoring.alertmanager().baseUrl() + " (→ alert-router), node and mysqld exporters");
    }

    private void checkPorts() {
        Ports.requireFree(kafkaPort, "--kafka-port");
        Ports.requireFree(controllerPort, "--kafka-controller-port");
        Ports.requireFree(primaryPort, "--primary-port");
        Ports.requireFree(replicaPort, "--replica-port");
        if (withMonitoring) {
            Ports.requireFree(prometheusPort, "--prometheus-port");
            Ports.requireFree(alertmanagerPort, "--alertmanager-port");
            Ports.requireFree(exporterPort, "--exporter-port");
            Ports.requireFree(exporterPort + 4, "--exporter-port (+4)");
            Ports.requireFree(exporterPort + 5, "--exporter-port (+5)");
        }
        if (!infraOnly) {
            for (ServiceDefinition s : ServiceDefinition.values()) {
                Ports.requireFree(port(s), "--port " + s.module() + "=<port>");
                Ports.requireFree(managementPort(s), "--management-port " + s.module() + "=<port>");
            }
        }
    }

    private int port(ServiceDefinition service) {
        return servicePorts.getOrDefault(service.module(), service.defaultPort());
    }

    private int managementPort(ServiceDefinition service) {
        return managementPorts.getOrDefault(service.module(), service.defaultManagementPort());
    }

    private void startService(ServiceDefinition service, EmbeddedInfrastructure infra) {
        Map<String, String> overrides = new java.util.HashMap<>(Map.of("plumbline.local.data-dir", dataDir.toString(),
                "management.server.port", Integer.toString(managementPort(service))));
        if (monitoring != null && service == ServiceDefinition.STATUS_PROJECTOR) {
            overrides.put("plumbline.metrics.prometheus-url", monitoring.prometheus().baseUrl());
        }
        if (monitoring != null && service == ServiceDefinition.ALERT_ROUTER) {
            overrides.put("plumbline.alerting.alertmanager-url", monitoring.alertmanager().baseUrl());
        }
        Optional<ServiceProcess> process = ServiceProcess.of(service, infra, Path.of("").toAbsolutePath(), port(service),
                dataDir.resolve("logs"), overrides);
        if (process.isEmpty()) {
            System.out.println("   - " + service.module() + ": not built, skipped");
            return;
        }
        // the schema step first, with the migrator credential; the service itself then runs with DML rights only
        Duration migrated = process.get().migrate(Duration.ofMinutes(3));
        if (service.ownsSchema()) {
            System.out.println("   - " + service.module() + ": schema migrated (" + migrated.toMillis() + " ms)");
        }
        services.add(process.get().start());
        System.out.println("   - " + service.module() + ": starting (pid " + process.get().pid() + ", log "
                + process.get().logFile() + ")");
    }

    private void awaitServices() {
        for (ServiceProcess s : services) {
            try {
                s.awaitReady(SERVICE_READY);
                System.out.println("   - " + s.service().module() + ": ready at " + s.baseUrl());
            } catch (IllegalStateException e) {
                System.out.println("   ! " + e.getMessage());
            }
            supervisor.watch(new Supervisor.Child(s.service().module(),
                    () -> restart(s), s::exited, s.logFile().toString()));
        }
    }

    /** A service that was not ready in time may still run: it is stopped first, so only one instance ever runs. */
    private static void restart(ServiceProcess service) {
        service.stop();
        service.start().awaitReady(SERVICE_READY);
    }

    /** Kubernetes restarts a crashed pod; here the launcher does, for the broker and both database servers too. */
    private void superviseInfrastructure(EmbeddedInfrastructure infra) {
        supervisor.watch(new Supervisor.Child("Kafka broker", infra.broker()::start, infra.broker()::exited,
                infra.broker().logFile().toString()));
        for (MariaDbServer server : List.of(infra.databases().primary(), infra.databases().replica())) {
            supervisor.watch(new Supervisor.Child("MariaDB " + server.name(), server::restart, server::exited,
                    "the launcher's output above"));
        }
    }

    private void printSummary(EmbeddedInfrastructure infra, Secrets secrets) {
        System.out.println();
        System.out.println("  Kafka (KRaft)      " + infra.kafkaBootstrapServers());
        System.out.println("  MariaDB primary    127.0.0.1:" + infra.primary().port() + "  (mysql-m, binlog ROW, GTID)");
        System.out.println("  MariaDB replica    127.0.0.1:" + infra.replica().port() + "  (mysql-s, read-only, replicating from mysql-m)");
        for (ServiceProcess s : services) {
            System.out.println("  " + String.format("%-18s", s.service().module()) + " " + s.baseUrl()
                    + "   (health: " + s.managementUrl() + "/actuator/health, log: " + s.logFile() + ")");
        }
        if (monitoring != null) {
            System.out.println("  Prometheus         " + monitoring.prometheus().baseUrl() + "   (alert rules: " + monitoring.rulesFile() + ")");
            System.out.println("  Alertmanager       " + monitoring.alertmanager().baseUrl() + "   (notifies alert-router's webhook; Slack is not configured locally)");
        }
        System.out.println("  backups            " + dataDir.resolve("backups") + " (backup-worker, daily at 19:00 UTC)");
        System.out.println("  console login      admin / console-admin-password in " + dataDir.resolve("secrets.properties"));
        System.out.println("  secrets            " + dataDir.resolve("secrets.properties") + " (accounts: "
                + String.join(", ", java.util.Arrays.stream(DbAccount.values()).map(DbAccount::username).toList()) + ")");
        System.out.println();
        System.out.println("  A process that dies is restarted (back-off 1 s … 30 s; given up after 5 crashes in 10 min).");
        System.out.println("  Ctrl-C stops everything in order (services, then Kafka and MariaDB); the next start resumes with the same data.");
    }

    private static final Duration SERVICE_READY = Duration.ofMinutes(3);

    private static void step(String step, String message) {
        System.out.println("[" + step + "] " + message);
    }
}
