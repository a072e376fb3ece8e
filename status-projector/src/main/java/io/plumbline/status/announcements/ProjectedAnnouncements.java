package io.plumbline.status.announcements;

import static io.plumbline.status.projection.Rows.instant;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The announcements read model: current ones first, then withdrawn ones, newest first. */
@Component
class ProjectedAnnouncements {

    record Announcement(String announcementId, String title, String body, boolean pinned, String publishedBy,
            Instant publishedAt, Instant withdrawnAt) {
    }

    private final JdbcTemplate jdbc;

    ProjectedAnnouncements(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Announcement> all() {
        return jdbc.query("SELECT * FROM proj_announcement ORDER BY withdrawn_at IS NULL DESC, published_at DESC",
                (rs, i) -> new Announcement(rs.getString("announcement_id"), rs.getString("title"), rs.getString("body"),
                        rs.getBoolean("pinned"), rs.getString("published_by"), instant(rs, "published_at"),
                        instant(rs, "withdrawn_at")));
    }
}
