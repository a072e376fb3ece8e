package io.plumbline.booking.announcement;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.plumbline.booking.booking.BookingException;
import io.plumbline.booking.outbox.Outbox;
import io.plumbline.events.booking.AnnouncementPublished;
import io.plumbline.events.booking.AnnouncementWithdrawn;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Announcements, stored and published ({@code AnnouncementPublished}/{@code Withdrawn}) in one transaction. */
@Service
public class Announcements {

    private static final RowMapper<Announcement> ROW = (rs, n) -> new Announcement(rs.getString("id"), rs.getString("title"),
            rs.getString("body"), rs.getBoolean("pinned"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("updated_at").toInstant());

    private static final String LIST = "SELECT * FROM announcement ORDER BY pinned DESC, created_at DESC LIMIT 50";

    private final JdbcTemplate jdbc;
    private final JdbcTemplate replica;
    private final Outbox outbox;
    private final Clock clock;

    Announcements(JdbcTemplate jdbc, @Qualifier("replicaJdbcTemplate") JdbcTemplate replica, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.replica = replica;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * The public list, read from the replica so that it survives the writer's loss (announcements matter most
     * during an outage); the writer answers only when the replica cannot. A change shows after replication lag.
     */
    public List<Announcement> all() {
        try {
            return replica.query(LIST, ROW);
        } catch (DataAccessException replicaDown) {
            return jdbc.query(LIST, ROW);
        }
    }

    @Transactional(readOnly = true)
    public Optional<Announcement> find(String id) {
        return jdbc.query("SELECT * FROM announcement WHERE id = ?", ROW, id).stream().findFirst();
    }

    @Transactional
    public Announcement publish(String title, String body, boolean pinned, String actor) {
        Instant now = clock.instant();
        Announcement a = new Announcement(UUID.randomUUID().toString(), title.trim(), body.trim(), pinned, actor, now, now);
        jdbc.update("INSERT INTO announcement (id, title, body, pinned, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                a.id(), a.title(), a.body(), a.pinned(), actor, Timestamp.from(now), Timestamp.from(now));
        outbox.append(new AnnouncementPublished(a.id(), a.title(), a.body(), a.pinned(), actor, now));
        return a;
    }

    @Transactional
    public Announcement edit(String id, String title, String body, boolean pinned, String actor) {
        Instant now = clock.instant();
        int updated = jdbc.update("UPDATE announcement SET title = ?, body = ?, pinned = ?, updated_at = ? WHERE id = ?",
                title.trim(), body.trim(), pinned, Timestamp.from(now), id);
        if (updated == 0) {
            throw notFound();
        }
        outbox.append(new AnnouncementPublished(id, title.trim(), body.trim(), pinned, actor, now));
        return find(id).orElseThrow();
    }

    @Transactional
    public void withdraw(String id, String actor) {
        if (jdbc.update("DELETE FROM announcement WHERE id = ?", id) == 0) {
            throw notFound();
        }
        outbox.append(new AnnouncementWithdrawn(id, actor, clock.instant()));
    }

    private static BookingException notFound() {
        return new BookingException(BookingException.Kind.NOT_FOUND, "announcement.not-found", "id");
    }
}
