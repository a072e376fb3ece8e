package io.plumbline.events.kafka;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.ReceivedEvent;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Idempotent consumption: remembers which event ids a consumer has processed, in the consumer's own
 * database, in the same transaction as the consumer's own writes (debezium-examples' {@code MessageLog}).
 * Kafka and Debezium deliver at least once; this turns that into effectively once for database effects.
 *
 * <p>The table {@code processed_event} is created by the Flyway migration shipped in this jar
 * ({@code classpath:db/plumbline-events}); add that location to {@code spring.flyway.locations}.
 */
public class ProcessedEvents {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;

    public ProcessedEvents(JdbcTemplate jdbc, TransactionTemplate tx, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.meters = meters;
    }

    /**
     * Runs {@code handler} unless {@code consumer} has already processed this event id, in one database
     * transaction with the record of having processed it. An exception in the handler rolls both back, so the
     * event is processed again on redelivery.
     *
     * @return {@code true} if the handler ran, {@code false} for a duplicate
     */
    public boolean once(String consumer, ReceivedEvent event, Consumer<ReceivedEvent> handler) {
        Boolean handled = tx.execute(status -> {
            if (!markProcessed(consumer, event)) {
                return false;
            }
            handler.accept(event);
            return true;
        });
        boolean ran = Boolean.TRUE.equals(handled);
        meters.counter("plumbline.events.consumed", "consumer", consumer, "topic", event.topic(), "type", event.type(),
                "outcome", ran ? "processed" : "duplicate").increment();
        return ran;
    }

    /**
     * Records the event id; {@code false} if it was already there. Call inside a transaction.
     *
     * <p>A plain insert whose duplicate-key error means "seen": {@code INSERT … ON DUPLICATE KEY UPDATE} cannot tell a
     * duplicate apart, because both MySQL drivers connect with {@code CLIENT_FOUND_ROWS} (a duplicate also counts one
     * affected row). MySQL and MariaDB roll back only the failed statement, so the surrounding transaction goes on.
     */
    public boolean markProcessed(String consumer, ReceivedEvent event) {
        try {
            jdbc.update("""
                    INSERT INTO processed_event (consumer, event_id, event_type, topic, processed_at)
                    VALUES (?, ?, ?, ?, ?)""",
                    consumer, event.id(), event.type(), event.topic(), Timestamp.from(Instant.now()));
            return true;
        } catch (DuplicateKeyException e) {
            duplicate(consumer);
            return false;
        }
    }

    /**
     * Whether the consumer has processed the event id. A consumer that asks before handling (to skip a redelivery
     * whose effect is outside the database, such as a Slack post) has seen a duplicate when the answer is yes, and it
     * is counted as one.
     */
    public boolean isProcessed(String consumer, String eventId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM processed_event WHERE consumer = ? AND event_id = ?",
                Integer.class, consumer, eventId);
        boolean processed = n != null && n > 0;
        if (processed) {
            duplicate(consumer);
        }
        return processed;
    }

    /**
     * {@code plumbline.events.duplicates}: redeliveries of an event id the consumer had already processed. At-least-once
     * delivery makes a few normal (a producer's retry, a CDC leader handing over, a consumer rebalance); a rising rate
     * means a producer or a connector replays more than it should.
     */
    private void duplicate(String consumer) {
        meters.counter("plumbline.events.duplicates", "consumer", consumer).increment();
    }
}
