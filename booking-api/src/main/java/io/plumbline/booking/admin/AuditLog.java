package io.plumbline.booking.admin;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Who changed what, written in the same transaction as the change. */
@Component
class AuditLog {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void record(String actor, String action, String target, String detail) {
        jdbc.update("INSERT INTO audit_log (actor, action, target, detail, at) VALUES (?, ?, ?, ?, ?)",
                actor, action, target, detail == null ? null : detail.substring(0, Math.min(detail.length(), 1000)),
                Timestamp.from(clock.instant()));
    }

    List<Entry> recent(int limit) {
        return jdbc.query("SELECT actor, action, target, detail, at FROM audit_log ORDER BY id DESC LIMIT ?",
                (rs, n) -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()), limit);
    }

    record Entry(String actor, String action, String target, String detail, Instant at) {
    }
}
