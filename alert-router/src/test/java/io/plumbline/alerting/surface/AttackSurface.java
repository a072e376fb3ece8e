package io.plumbline.alerting.surface;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.plumbline.events.Topics;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.testing.PlumblineStack;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The router as an outsider meets it: a real port, the real broker and database, its real credentials. The classes
 * extending this share one Spring context. Slack points at a closed local port: nothing here may leave the machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(PlumblineStack.class)
abstract class AttackSurface {

    static final String SIGNING_SECRET = "surface-signing-secret-" + UUID.randomUUID();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        PlumblineStack.register(registry, ServiceDefinition.ALERT_ROUTER);
        registry.add("management.server.port", () -> "0");
        registry.add("plumbline.slack.web-api-url", () -> "http://127.0.0.1:9/api");
        registry.add("plumbline.slack.bot-token", () -> "xoxb-surface");
        registry.add("plumbline.slack.signing-secret", () -> SIGNING_SECRET);
    }

    static String token() {
        return PlumblineStack.properties(ServiceDefinition.ALERT_ROUTER).get("plumbline.alerting.webhook.bearer-token");
    }

    /** One mapped route of the application port: a pattern and the methods it answers (empty: every method). */
    record Route(String pattern, Set<String> methods) {
    }

    /** Every route the running application maps, read from its handler mappings (a new endpoint is covered too). */
    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<String> methods = new TreeSet<>();
                info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
                for (String pattern : info.getPatternValues()) {
                    routes.add(new Route(pattern, methods));
                }
            }
        }
        return routes;
    }

    /** What a request could have written: rows of every table of the router's schema, end offsets of its topic. */
    record Writes(Map<String, Long> rows, Map<TopicPartition, Long> offsets) {
    }

    private static KafkaConsumer<byte[], byte[]> offsets;
    private static List<TopicPartition> partitions;

    @BeforeAll
    static void connect() {
        Properties p = new Properties();
        p.put("bootstrap.servers", PlumblineStack.get().kafkaBootstrapServers());
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        offsets = new KafkaConsumer<>(p);
        partitions = offsets.partitionsFor(Topics.ALERTS.name(), Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        offsets.assign(partitions); // reads nothing: assigned only so that end offsets are its own partitions
    }

    @AfterAll
    static void disconnect() {
        offsets.close();
    }

    Writes writes() {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name <> 'flyway_schema_history' ORDER BY table_name", String.class)) {
            rows.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
        }
        // the only topic a request publishes to (webhook, Slack clicks); Slack deliveries follow from its records
        return new Writes(rows, new LinkedHashMap<>(offsets.endOffsets(partitions, Duration.ofSeconds(10))));
    }
}
