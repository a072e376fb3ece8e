package io.plumbline.status.projection;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The event log ({@code proj_event}): every logged event's one-line summary, newest first. */
@Component
public class EventLog {

    /** One line of the event log. */
    public record Entry(String eventId, String topic, String type, String summary, String severity, Instant occurredAt) {

        /** The line a live-stream item makes, for a page that cannot read the log (database down). */
        public static Entry of(Projection.FeedItem item) {
            return new Entry(item.id(), item.topic(), item.type(), item.summary(), item.severity(), item.at());
        }
    }

    private final JdbcTemplate jdbc;

    EventLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Entry> recent(int limit) {
        return jdbc.query("SELECT event_id, topic, type, summary, severity, occurred_at FROM proj_event "
                + "WHERE topic <> 'ops.metrics.v1' ORDER BY occurred_at DESC LIMIT ?", (rs, i) -> new Entry(
                rs.getString("event_id"), rs.getString("topic"), rs.getString("type"), rs.getString("summary"),
                rs.getString("severity"), rs.getTimestamp("occurred_at").toInstant()), limit);
    }

    /** When the newest logged event happened. */
    public Optional<Instant> newest() {
        return Optional.ofNullable(jdbc.queryForObject("SELECT MAX(occurred_at) FROM proj_event", Timestamp.class))
                .map(Timestamp::toInstant);
    }
}
