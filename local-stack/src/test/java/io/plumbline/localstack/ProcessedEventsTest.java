package io.plumbline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.kafka.ProcessedEvents;
import io.plumbline.localstack.infra.Credentials;
import io.plumbline.localstack.infra.Database;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.testing.PlumblineStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The idempotent-consumer support of plumbline-events on the real database, through the same JDBC driver and URL the
 * services use: a redelivered event id runs the handler once, a failed handler leaves the id unrecorded.
 */
@ExtendWith(PlumblineStack.class)
class ProcessedEventsTest {

    private static JdbcTemplate jdbc;
    private static ProcessedEvents processed;
    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void schema() throws Exception {
        Database primary = PlumblineStack.get().primary();
        Credentials migrator = PlumblineStack.get().credentials(DbAccount.MIGRATOR);
        DriverManagerDataSource ds = new DriverManagerDataSource(primary.jdbcUrl("alerting"), migrator.username(),
                migrator.password());
        jdbc = new JdbcTemplate(ds);
        String ddl = new ClassPathResource("db/plumbline-events/V0_1__processed_event.sql").getContentAsString(StandardCharsets.UTF_8);
        jdbc.execute("DROP TABLE IF EXISTS processed_event");
        jdbc.execute(ddl.replaceAll("(?m)^--.*$", ""));
        jdbc.execute("CREATE TABLE IF NOT EXISTS handled (event_id VARCHAR(100) NOT NULL)");
        processed = new ProcessedEvents(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)),
                meters);
    }

    @Test
    void aRedeliveredEventRunsTheHandlerOnce() {
        ReceivedEvent event = event(UUID.randomUUID().toString());
        List<String> calls = new CopyOnWriteArrayList<>();

        assertThat(processed.once("test-consumer", event, e -> record(calls, e))).isTrue();
        assertThat(processed.once("test-consumer", event, e -> record(calls, e))).isFalse();
        assertThat(processed.once("test-consumer", event(event.id()), e -> record(calls, e))).isFalse();

        assertThat(calls).containsExactly(event.id());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM handled WHERE event_id = ?", Integer.class, event.id()))
                .isEqualTo(1);
        assertThat(processed.once("another-consumer", event, e -> record(calls, e))).as("each consumer has its own log").isTrue();
    }

    @Test
    void countsEveryRedeliveryAsADuplicateOfItsConsumer() {
        ReceivedEvent event = event(UUID.randomUUID().toString());
        String consumer = "duplicates-" + event.id();
        processed.once(consumer, event, e -> { });
        assertThat(duplicates(consumer)).isZero();

        processed.once(consumer, event, e -> { });
        assertThat(processed.isProcessed(consumer, event.id())).as("a consumer that asks before handling").isTrue();
        assertThat(duplicates(consumer)).isEqualTo(2);
        assertThat(processed.isProcessed(consumer, UUID.randomUUID().toString())).isFalse();
        assertThat(duplicates(consumer)).isEqualTo(2);
    }

    private static double duplicates(String consumer) {
        var counter = meters.find("plumbline.events.duplicates").tag("consumer", consumer).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aFailedHandlerLeavesTheEventToBeProcessedOnRedelivery() {
        ReceivedEvent event = event(UUID.randomUUID().toString());
        assertThatThrownBy(() -> processed.once("test-consumer", event, e -> {
            jdbc.update("INSERT INTO handled VALUES (?)", e.id());
            throw new IllegalStateException("downstream failed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(processed.isProcessed("test-consumer", event.id())).isFalse();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM handled WHERE event_id = ?", Integer.class, event.id()))
                .as("the handler's own write is rolled back with it").isZero();
        List<String> calls = new CopyOnWriteArrayList<>();
        assertThat(processed.once("test-consumer", event, e -> record(calls, e))).isTrue();
        assertThat(calls).containsExactly(event.id());
    }

    private static void record(List<String> calls, ReceivedEvent e) {
        calls.add(e.id());
        jdbc.update("INSERT INTO handled VALUES (?)", e.id());
    }

    private static ReceivedEvent event(String id) {
        return new ReceivedEvent(id, "plumbline.test.Happened", "/test", Instant.now(), "subject", "test.events.v1", 0, 0,
                null);
    }
}
