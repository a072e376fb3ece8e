package io.plumbline.booking.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.EventCodec;
import io.plumbline.events.EventPayload;
import io.plumbline.events.EventTypes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends events to the {@code outbox} table in the caller's transaction (Debezium EventRouter shape). The row id
 * becomes the event's {@code ce_id}; Debezium reads the row from the binlog and the CDC publisher deletes it once
 * Kafka has it.
 */
@Component
public class Outbox {

    /** The EventRouter routes by aggregate type; every booking-api event goes to booking.events.v1. */
    public static final String AGGREGATE_TYPE = "booking";

    private final JdbcTemplate jdbc;
    private final EventCodec codec;

    public Outbox(JdbcTemplate jdbc, EventCodec codec, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.codec = codec;
        meters.gauge("plumbline.outbox.backlog", this, Outbox::backlogOrNegative);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public String append(EventPayload event) {
        String id = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO outbox (id, aggregate_type, aggregate_id, type, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                id, AGGREGATE_TYPE, event.subject(), EventTypes.typeOf(event.getClass()),
                new String(codec.toJson(event), java.nio.charset.StandardCharsets.UTF_8), Timestamp.from(Instant.now()));
        return id;
    }

    /** Removes rows whose events Kafka has acknowledged. */
    public void delete(Collection<String> ids) {
        if (!ids.isEmpty()) {
            new NamedParameterJdbcTemplate(jdbc).update("DELETE FROM outbox WHERE id IN (:ids)", new MapSqlParameterSource("ids", ids));
        }
    }

    /** Rows written but not yet published. */
    public long backlog() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Long.class);
        return n == null ? 0 : n;
    }

    private double backlogOrNegative() {
        try {
            return backlog();
        } catch (RuntimeException e) {
            return -1; // database unreachable: the gauge says "unknown" rather than failing the scrape
        }
    }
}
