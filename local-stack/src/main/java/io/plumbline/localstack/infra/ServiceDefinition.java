package io.plumbline.localstack.infra;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How each Plumbline service is connected to the infrastructure: the one place that maps accounts and
 * endpoints to a service's Spring properties. The local launcher passes them as environment, tests register
 * them with {@code @DynamicPropertySource} ({@code PlumblineStack.properties(...)}).
 */
public enum ServiceDefinition {
    BOOKING_API("booking-api", 8080, 9080, "booking", DbAccount.BOOKING_APP),
    ALERT_ROUTER("alert-router", 8081, 9081, "alerting", DbAccount.ALERTING_APP),
    STATUS_PROJECTOR("status-projector", 8082, 9082, "status", DbAccount.STATUS_APP),
    BACKUP_WORKER("backup-worker", 8083, 9083, "booking", DbAccount.BACKUP);

    private final String module;
    private final int defaultPort;
    private final int defaultManagementPort;
    private final String schema;
    private final DbAccount account;

    ServiceDefinition(String module, int defaultPort, int defaultManagementPort, String schema, DbAccount account) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.defaultManagementPort = defaultManagementPort;
        this.schema = schema;
        this.account = account;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Actuator's port ({@code management.server.port} in the service's application.yml, the chart's the same). */
    public int defaultManagementPort() {
        return defaultManagementPort;
    }

    /** Whether this service has Flyway migrations of its own (backup-worker only dumps booking-api's schema). */
    public boolean ownsSchema() {
        return this != BACKUP_WORKER;
    }

    /**
     * What the service's migration step ({@code java -jar <service>.jar migrate}, {@code Migrations} in
     * plumbline-events) connects with: its schema on the primary, as {@link DbAccount#MIGRATOR}. Only that step gets
     * these; the running service gets {@link #properties} and no DDL credential.
     */
    public Map<String, String> migrationProperties(Infrastructure infra) {
        Map<String, String> p = new LinkedHashMap<>();
        Credentials migrator = infra.credentials(DbAccount.MIGRATOR);
        p.put("spring.flyway.url", infra.primary().jdbcUrl(schema));
        p.put("spring.flyway.user", migrator.username());
        p.put("spring.flyway.password", migrator.password());
        return p;
    }

    /** The Spring properties that connect this service to {@code infra}. */
    public Map<String, String> properties(Infrastructure infra) {
        Map<String, String> p = new LinkedHashMap<>();
        Database primary = infra.primary();
        Database replica = infra.replica();
        p.put("spring.kafka.bootstrap-servers", infra.kafkaBootstrapServers());
        Credentials app = infra.credentials(account);
        p.put("spring.datasource.url", primary.jdbcUrl(schema));
        p.put("spring.datasource.username", app.username());
        p.put("spring.datasource.password", app.password());
        // no spring.flyway.*: a running service holds no DDL credential (migrationProperties is its own step)
        switch (this) {
            case BOOKING_API -> {
                Credentials ro = infra.credentials(DbAccount.BOOKING_RO);
                p.put("plumbline.booking.replica.url", replica.jdbcUrl(schema));
                p.put("plumbline.booking.replica.username", ro.username());
                p.put("plumbline.booking.replica.password", ro.password());
                Credentials cdc = infra.credentials(DbAccount.BOOKING_CDC);
                p.put("plumbline.cdc.flavour", primary.flavour().name().toLowerCase());
                p.put("plumbline.cdc.host", primary.host());
                p.put("plumbline.cdc.port", Integer.toString(primary.port()));
                p.put("plumbline.cdc.username", cdc.username());
                p.put("plumbline.cdc.password", cdc.password());
                // the service credential status-projector's console uses for /api/admin/**
                p.put("plumbline.booking.admin.username", "console");
                p.put("plumbline.booking.admin.password", infra.secret("booking-admin-password"));
            }
            case STATUS_PROJECTOR -> {
                Credentials probe = infra.credentials(DbAccount.PROBE);
                p.put("plumbline.topology.probe.servers[0].name", primary.name());
                p.put("plumbline.topology.probe.servers[0].url", primary.jdbcUrl("plumbline_probe"));
                p.put("plumbline.topology.probe.servers[1].name", replica.name());
                p.put("plumbline.topology.probe.servers[1].url", replica.jdbcUrl("plumbline_probe"));
                p.put("plumbline.topology.probe.username", probe.username());
                p.put("plumbline.topology.probe.password", probe.password());
                p.put("plumbline.console.booking-api.username", "console");
                p.put("plumbline.console.booking-api.password", infra.secret("booking-admin-password"));
                // the console's first admin, created on first start only if no admin exists (no default password)
                p.put("plumbline.console.first-admin.username", "admin");
                p.put("plumbline.console.first-admin.password", infra.secret("console-admin-password"));
            }
            case ALERT_ROUTER -> {
                // what Alertmanager's http_config sends (Bearer), and what signs Slack's interaction callbacks
                p.put("plumbline.alerting.webhook.bearer-token", infra.secret("alertmanager-webhook-token"));
                p.put("plumbline.slack.signing-secret", infra.secret("slack-signing-secret"));
                p.put("plumbline.alerting.console-url", "http://127.0.0.1:" + STATUS_PROJECTOR.defaultPort());
            }
            case BACKUP_WORKER -> {
                p.put("plumbline.backup.host", primary.host());
                p.put("plumbline.backup.port", Integer.toString(primary.port()));
                p.put("plumbline.backup.username", app.username());
                p.put("plumbline.backup.password", app.password());
            }
        }
        return p;
    }
}
