package io.plumbline.localstack.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Plumbline service running as its own JVM from its executable jar ({@code <module>/target/<module>-*-exec.jar}),
 * connected to the infrastructure through {@link ServiceDefinition#properties}. Used by the local launcher,
 * the benchmarks and the scenario runner, so all three run the services exactly as production does.
 */
public final class ServiceProcess {

    private final ServiceDefinition service;
    private final int port;
    private final int managementPort;
    private final Path logFile;
    private final Map<String, String> environment;
    private final Map<String, String> migrationEnvironment;
    private final Path jar;
    private Process process;
    private boolean migrated;

    private ServiceProcess(ServiceDefinition service, int port, int managementPort, Path logFile, Path jar,
            Map<String, String> environment, Map<String, String> migrationEnvironment) {
        this.service = service;
        this.port = port;
        this.managementPort = managementPort;
        this.logFile = logFile;
        this.jar = jar;
        this.environment = environment;
        this.migrationEnvironment = migrationEnvironment;
    }

    /**
     * Prepares (does not start) a service. {@code extra} overrides or adds Spring properties. Actuator listens on
     * {@code extra}'s {@code management.server.port}, else on the service's default management port when {@code port}
     * is its default port, else on a free one (so several replicas on free ports never clash). Both listen on
     * 127.0.0.1 only.
     *
     * @param projectDir the checkout's root directory (where the module directories are)
     */
    public static Optional<ServiceProcess> of(ServiceDefinition service, Infrastructure infra, Path projectDir, int port,
            Path logDir, Map<String, String> extra) {
        return executableJar(projectDir, service).map(jar -> {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SPRING_PROFILES_ACTIVE", "local");
            env.put("SERVER_PORT", Integer.toString(port));
            int managementPort = extra.containsKey("management.server.port")
                    ? Integer.parseInt(extra.get("management.server.port"))
                    : port == service.defaultPort() ? service.defaultManagementPort() : Ports.free();
            env.put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
            // a local stack is reachable from this machine only (Kafka and MariaDB bind 127.0.0.1 as well)
            env.put("SERVER_ADDRESS", "127.0.0.1");
            env.put("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
            Map<String, String> properties = new LinkedHashMap<>(service.properties(infra));
            properties.putAll(extra);
            properties.forEach((key, value) -> env.put(toEnv(key), value));
            // the migration step: the migrator credential and nothing else (spring.flyway.* overrides apply to it only)
            Map<String, String> migration = new LinkedHashMap<>();
            migration.put("SPRING_PROFILES_ACTIVE", "local");
            Map<String, String> migrationProperties = new LinkedHashMap<>(service.migrationProperties(infra));
            extra.forEach((key, value) -> {
                if (key.startsWith("spring.flyway.")) {
                    migrationProperties.put(key, value);
                }
            });
            migrationProperties.forEach((key, value) -> migration.put(toEnv(key), value));
            return new ServiceProcess(service, port, managementPort, logDir.resolve(service.module() + ".log"), jar, env, migration);
        });
    }

    /** The executable jar built by {@code ./mvnw install}, if the module exists and was built. */
    public static Optional<Path> executableJar(Path projectDir, ServiceDefinition service) {
        Path target = projectDir.resolve(service.module()).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(service.module() + "-[0-9].*-exec\\.jar")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Spring's relaxed binding from the environment: {@code a.b-c[0].d} → {@code A_BC_0_D}. */
    public static String toEnv(String key) {
        return key.replace("[", "_").replace("]", "").replace("-", "").replace(".", "_").toUpperCase();
    }

    /**
     * The service's migration step, {@code java -jar <service>.jar migrate} with the migrator credential (the chart's
     * init container), run to its end; output goes to the service's log. Done once per process object; {@link #start}
     * runs it first if nobody did.
     *
     * @return how long it took
     */
    public synchronized Duration migrate(Duration timeout) {
        long begin = System.nanoTime();
        if (migrated || !service.ownsSchema()) {
            migrated = true;
            return Duration.ZERO;
        }
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder pb = new ProcessBuilder(ChildProcesses.javaExecutable(), "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "migrate").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().putAll(migrationEnvironment);
            Process migration = pb.start();
            if (!migration.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                migration.destroyForcibly();
                throw new IllegalStateException(service.module() + ": migrate did not finish within " + timeout + "; see " + logFile);
            }
            if (migration.exitValue() != 0) {
                throw new IllegalStateException(service.module() + ": migrate exited with " + migration.exitValue() + "; see " + logFile);
            }
            migrated = true;
            return Duration.ofNanos(System.nanoTime() - begin);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the migration step of " + service.module(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while migrating " + service.module(), e);
        }
    }

    public synchronized ServiceProcess start() {
        migrate(Duration.ofMinutes(3));
        try {
            Files.createDirectories(logFile.getParent());
            List<String> command = new ArrayList<>(List.of(ChildProcesses.javaExecutable(), "-Xms64m", "-Xmx384m",
                    "-XX:+UseSerialGC", "-Dplumbline.parent-pid=" + ProcessHandle.current().pid(),
                    "-jar", jar.toString()));
            // its own session: a Ctrl-C reaches only the launcher, which stops the services before the broker and the
            // databases; the service stops itself if the launcher dies (plumbline-events' ParentProcessWatch)
            ProcessBuilder pb = new ProcessBuilder(ChildProcesses.inOwnSession(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().putAll(environment);
            process = pb.start();
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + service.module(), e);
        }
    }

    /** Waits until {@code /actuator/health/readiness} answers 200 on the management port. */
    public ServiceProcess awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.module() + " exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException(service.module() + " not ready within " + timeout + "; see " + logFile);
    }

    /** Waits for a one-shot run (backup-worker with {@code mode=once}) to end; its exit code, or -1 if killed on timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** Graceful stop (SIGTERM, as Kubernetes does). */
    public synchronized void stop() {
        if (process != null) {
            ChildProcesses.stop(process.toHandle(), Duration.ofSeconds(30));
        }
    }

    /** A crash (SIGKILL). */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    /** Completes when the process running now exits, with how it ended ({@code "exit 137"}). */
    public synchronized CompletableFuture<String> exited() {
        Process running = process;
        return running == null ? CompletableFuture.completedFuture("not running")
                : running.onExit().thenApply(p -> "exit " + p.exitValue());
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Actuator's base URL ({@code management.server.port}). */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public ServiceDefinition service() {
        return service;
    }

    public Path logFile() {
        return logFile;
    }
}
