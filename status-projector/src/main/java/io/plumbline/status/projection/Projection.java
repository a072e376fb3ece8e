package io.plumbline.status.projection;

import io.plumbline.events.EventPayload;
import io.plumbline.events.ReceivedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies one event to the read model: writes its line to the event log ({@code proj_event}) unless its type is
 * unlogged, then hands it to every projector that declared its type. Called inside {@code ProcessedEvents.once}, so
 * each event id changes the tables once.
 */
@Component
public class Projection {

    private final JdbcTemplate jdbc;
    private final Handlers handlers = new Handlers();
    private final List<String> tables = new ArrayList<>();

    Projection(JdbcTemplate jdbc, List<Projector> projectors) {
        this.jdbc = jdbc;
        for (Projector projector : projectors) {
            projector.declare(handlers);
            tables.addAll(projector.tables());
        }
    }

    /** Applies the event and returns its one-line summary for the event log and the live stream. */
    public FeedItem apply(ReceivedEvent event) {
        EventPayload p = event.payload();
        FeedItem item = describe(event);
        if (handlers.inEventLog(p.getClass())) {
            jdbc.update("""
                    INSERT INTO proj_event (event_id, topic, type, subject, summary, severity, occurred_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE event_id = event_id""",
                    event.id(), event.topic(), event.type(), event.subject(), item.summary(), item.severity(), Rows.ts(event.time()));
        }
        for (Consumer<EventPayload> handler : handlers.handlers(p.getClass())) {
            handler.accept(p);
        }
        return item;
    }

    /** A one-line, human summary of any event, with a severity for the live stream's colour. */
    public FeedItem describe(ReceivedEvent event) {
        EventPayload p = event.payload();
        Handlers.Summary summary = handlers.summary(p);
        if (summary == null) {
            summary = Handlers.Summary.info(p.getClass().getSimpleName() + " " + (event.subject() == null ? "" : event.subject()));
        }
        String line = summary.text().strip();
        line = line.length() > 1000 ? line.substring(0, 1000) : line;
        return new FeedItem(event.id(), event.topic(), p.getClass().getSimpleName(), line, summary.severity(), event.time());
    }

    /** The event types some projector declared. */
    public Set<Class<?>> declared() {
        return handlers.declared();
    }

    /** The projectors' tables, for a replay to empty. */
    List<String> tables() {
        return List.copyOf(tables);
    }

    /** A line of the event log and the live stream. */
    public record FeedItem(String id, String topic, String type, String summary, String severity, Instant at) {
    }
}
