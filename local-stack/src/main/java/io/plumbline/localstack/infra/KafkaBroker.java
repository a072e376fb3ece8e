package io.plumbline.localstack.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.plumbline.events.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), run as a child JVM from the
 * {@code kafka_2.13} artifact. Its log directory persists, so a restart resumes with every record kept. It runs in a
 * session of its own, so a Ctrl-C in the launcher's terminal does not reach it: the launcher stops it after the
 * services that use it ({@link KafkaMain} halts it if the launcher dies).
 */
public final class KafkaBroker {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    public KafkaBroker(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        Path pidFile = dir.resolve("kafka.pid");
        ChildProcesses.killStale(pidFile, "Kafka broker");
        try {
            Files.createDirectories(dir);
            Path config = writeConfig();
            if (!Files.exists(dir.resolve("data/meta.properties"))) {
                format(config);
            }
            List<String> command = javaCommand("io.plumbline.localstack.infra.KafkaMain");
            command.add(config.toString());
            process = new ProcessBuilder(ChildProcesses.inOwnSession(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile()))
                    .start();
            ChildProcesses.writePid(pidFile, process.pid());
            awaitReady(Duration.ofSeconds(90));
            log.info("Kafka broker (KRaft) ready on {} (pid {})", bootstrapServers(), process.pid());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Kafka broker in " + dir, e);
        }
    }

    /** Graceful stop (SIGTERM, as Kubernetes does), forced after 30 s. */
    public synchronized void stop() {
        if (process != null) {
            ChildProcesses.stop(process.toHandle(), Duration.ofSeconds(30));
            process = null;
        }
    }

    /** A crash: the broker gets no chance to shut down cleanly. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            process.onExit().join();
            process = null;
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Completes when the broker process running now exits, with how it ended ({@code "exit 137"}). */
    public synchronized CompletableFuture<String> exited() {
        Process running = process;
        return running == null ? CompletableFuture.completedFuture("not running")
                : running.onExit().thenApply(p -> "exit " + p.exitValue());
    }

    public Path logFile() {
        return dir.resolve("kafka.log");
    }

    /** Creates the topics that do not exist yet, with the catalogue's partitions and configuration. */
    public void createTopics(List<Topic> topics) {
        try (Admin admin = admin()) {
            List<NewTopic> newTopics = topics.stream()
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.config()))
                    .toList();
            admin.createTopics(newTopics).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e.getCause());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create topic " + name, e);
                }
            });
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    private Path writeConfig() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("log.cleaner.backoff.ms", "1000");
        Path file = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "Plumbline local Kafka broker (KRaft)");
        }
        return file;
    }

    private void format(Path config) throws IOException {
        List<String> command = javaCommand("kafka.tools.StorageTool");
        command.addAll(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"));
        Process format = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile())).start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("formatting the Kafka log directory failed; see " + dir.resolve("kafka.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private List<String> javaCommand(String mainClass) {
        List<String> command = new ArrayList<>(List.of(ChildProcesses.javaExecutable(), "-Xms128m", "-Xmx512m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dplumbline.parent-pid=" + ProcessHandle.current().pid(),
                "-Dlogback.configurationFile=" + writeLogConfig(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        return command;
    }

    private String writeLogConfig() {
        Path file = dir.resolve("logback-kafka.xml");
        try {
            Files.writeString(file, """
                    <configuration>
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="OUT"/></root>
                      <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                    </configuration>
                    """);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return file.toString();
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; see "
                        + dir.resolve("kafka.log"));
            }
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("the Kafka broker did not become ready within " + timeout + "; see "
                + dir.resolve("kafka.log"), last);
    }
}
