package io.plumbline.status.projection;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Read queries over the projections, shaped for the console's pages. */
@Component
public class StatusView {

    private final JdbcTemplate jdbc;

    StatusView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Map<String, Object>> recentEvents(int limit) {
        return jdbc.queryForList("SELECT event_id, topic, type, summary, severity, occurred_at FROM proj_event "
                + "WHERE topic <> 'ops.metrics.v1' ORDER BY occurred_at DESC LIMIT ?", limit);
    }

    public List<Map<String, Object>> alerts(int limit) {
        return jdbc.queryForList("SELECT * FROM proj_alert ORDER BY status = 'FIRING' DESC, updated_at DESC LIMIT ?", limit);
    }

    public List<Map<String, Object>> servers() {
        return jdbc.queryForList("SELECT * FROM proj_server ORDER BY cluster, server");
    }

    public List<Map<String, Object>> clusters() {
        return jdbc.queryForList("SELECT * FROM proj_cluster ORDER BY cluster");
    }

    public List<Map<String, Object>> maintenanceHistory(int limit) {
        return jdbc.queryForList("SELECT * FROM proj_maintenance ORDER BY changed_at DESC, version DESC LIMIT ?", limit);
    }

    public List<Map<String, Object>> backups(int limit) {
        return jdbc.queryForList("SELECT * FROM proj_backup ORDER BY updated_at DESC LIMIT ?", limit);
    }

    /** The newest backup that succeeded, verified since or not (verifying changes its status to VERIFIED). */
    public Optional<Map<String, Object>> lastSuccessfulBackup() {
        return jdbc.queryForList("SELECT * FROM proj_backup WHERE status IN ('SUCCEEDED', 'VERIFIED') AND finished_at IS NOT NULL "
                + "ORDER BY finished_at DESC LIMIT 1").stream().findFirst();
    }

    public Optional<Map<String, Object>> lastBackup(String status) {
        return jdbc.queryForList("SELECT * FROM proj_backup WHERE status = ? ORDER BY updated_at DESC LIMIT 1", status)
                .stream().findFirst();
    }

    public List<Map<String, Object>> metrics() {
        return jdbc.queryForList("SELECT * FROM proj_metric ORDER BY metric");
    }

    public List<Map<String, Object>> bookings(String query, String status, int limit) {
        String like = "%" + (query == null ? "" : query.strip()) + "%";
        return jdbc.queryForList("""
                SELECT * FROM proj_booking
                 WHERE (code LIKE ? OR customer_name LIKE ? OR phone LIKE ?) AND (? IS NULL OR status = ?)
                 ORDER BY slot_start DESC LIMIT ?""", like, like, like, blankToNull(status), blankToNull(status), limit);
    }

    /**
     * Customers (one per phone number) with their visits: bookings that were not cancelled. {@code query} matches name
     * or phone; the busiest first.
     */
    public List<Map<String, Object>> customers(String query, int limit) {
        String like = "%" + (query == null ? "" : query.strip()) + "%";
        return jdbc.queryForList("""
                SELECT phone, MAX(customer_name) AS customer_name, COUNT(*) AS visits, MIN(slot_start) AS first_visit,
                       MAX(slot_start) AS last_visit
                  FROM proj_booking WHERE status <> 'CANCELLED' AND (customer_name LIKE ? OR phone LIKE ?)
                 GROUP BY phone ORDER BY visits DESC, last_visit DESC LIMIT ?""", like, like, limit);
    }

    /** Bookings (not cancelled) per KST day with a slot in [from, to). */
    public Map<java.time.LocalDate, Long> bookingsPerDay(java.time.Instant from, java.time.Instant to) {
        Map<java.time.LocalDate, Long> days = new java.util.TreeMap<>();
        jdbc.query("""
                SELECT DATE(CONVERT_TZ(slot_start, '+00:00', '+09:00')) AS day, COUNT(*) AS bookings
                  FROM proj_booking WHERE slot_start >= ? AND slot_start < ? AND status <> 'CANCELLED'
                 GROUP BY day ORDER BY day""", rs -> {
            days.put(rs.getObject("day", java.time.LocalDate.class), rs.getLong("bookings"));
        }, java.sql.Timestamp.from(from), java.sql.Timestamp.from(to));
        return days;
    }

    /** Every booking (cancelled included, so the day's story is complete) with a slot in [from, to), by slot. */
    public List<Map<String, Object>> bookingsBetween(java.time.Instant from, java.time.Instant to) {
        return jdbc.queryForList("SELECT * FROM proj_booking WHERE slot_start >= ? AND slot_start < ? ORDER BY slot_start, code",
                java.sql.Timestamp.from(from), java.sql.Timestamp.from(to));
    }

    public List<Map<String, Object>> announcements() {
        return jdbc.queryForList("SELECT * FROM proj_announcement ORDER BY withdrawn_at IS NULL DESC, published_at DESC");
    }

    /** When the newest projected event happened, for the data-link indicator. */
    public Optional<java.time.Instant> newestEvent() {
        // metric samples count too: they are the most frequent events, but stay out of the event log
        return jdbc.queryForList("SELECT MAX(occurred_at) FROM proj_event UNION ALL SELECT MAX(sampled_at) FROM proj_metric",
                        java.sql.Timestamp.class).stream()
                .filter(java.util.Objects::nonNull).map(java.sql.Timestamp::toInstant).max(java.util.Comparator.naturalOrder());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
