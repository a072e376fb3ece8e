package io.plumbline.status.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import io.plumbline.status.console.SignInThrottled;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records every change made through status-projector. The {@code status} schema lives on the primary, which may be
 * the very thing that is down when the emergency policy acts: then the entry goes to the log (logger {@code AUDIT})
 * so the change is never silent, and the maintenance event itself still carries who triggered it.
 */
@Component
public class AuditLog {

    private static final Logger audit = LoggerFactory.getLogger("AUDIT");

    private final JdbcTemplate jdbc;

    AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Entry(long id, Instant at, String actor, String action, String target, String detail) {
    }

    /** The console's sign-in throttle held an address or an account back (audited once per throttled period). */
    @EventListener
    void on(SignInThrottled throttled) {
        record(throttled.address(), "login.throttled", throttled.account(), throttled.detail());
    }

    public void record(String actor, String action, String target, String detail) {
        Instant now = Instant.now();
        audit.info("actor={} action={} target={} detail={}", actor, action, target, detail);
        try {
            jdbc.update("INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                    Timestamp.from(now), actor, action, target, truncate(detail));
        } catch (DataAccessException e) {
            audit.warn("audit entry not stored in the database ({}); kept in this log only", e.getMostSpecificCause().getMessage());
        }
    }

    public List<Entry> recent(int limit) {
        return jdbc.query("SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?",
                (rs, i) -> new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)), limit);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
