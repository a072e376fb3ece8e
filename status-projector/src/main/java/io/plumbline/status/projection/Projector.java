package io.plumbline.status.projection;

import java.util.List;

/**
 * One read model's projector: declares the event types it takes, each with its handler, and the tables it writes (a
 * {@link ProjectionReplay replay} empties them first). Handlers run inside {@code ProcessedEvents.once}, so each event
 * id changes the tables once; they are upserts keyed by the aggregate, so a replay from offset 0 reproduces the rows.
 */
public interface Projector {

    /** Declares each event type this projector takes, with its handler and the event log's summary of it. */
    void declare(Handlers on);

    /** The tables only this projector writes. */
    List<String> tables();
}
