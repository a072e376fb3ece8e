package io.plumbline.status.announcements;

import static io.plumbline.status.projection.Rows.ts;

import io.plumbline.events.booking.AnnouncementPublished;
import io.plumbline.events.booking.AnnouncementWithdrawn;
import io.plumbline.status.projection.Handlers;
import io.plumbline.status.projection.Projector;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** booking-api's announcements ({@code proj_announcement}), the page's read-only fallback. */
@Component
class AnnouncementsProjector implements Projector {

    private final JdbcTemplate jdbc;

    AnnouncementsProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void declare(Handlers on) {
        on.on(AnnouncementPublished.class, a -> jdbc.update("""
                INSERT INTO proj_announcement (announcement_id, title, body, pinned, published_by, published_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE title = VALUES(title), body = VALUES(body), pinned = VALUES(pinned),
                                        published_by = VALUES(published_by), published_at = VALUES(published_at),
                                        withdrawn_at = NULL""",
                a.announcementId(), a.title(), a.body(), a.pinned(), a.publishedBy(), ts(a.publishedAt())));
        on.on(AnnouncementWithdrawn.class, a -> jdbc.update("UPDATE proj_announcement SET withdrawn_at = ? WHERE announcement_id = ?",
                ts(a.withdrawnAt()), a.announcementId()));
    }

    @Override
    public List<String> tables() {
        return List.of("proj_announcement");
    }
}
