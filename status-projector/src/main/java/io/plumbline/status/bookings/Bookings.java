package io.plumbline.status.bookings;

import static io.plumbline.status.projection.Rows.instant;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** The bookings read model: bookings, customers by phone number, bookings per KST day. */
@Component
class Bookings {

    record Booking(String code, String customerName, String phone, String address, String issueType, Instant slotStart,
            String status, String technician, Instant createdAt, Instant updatedAt) {
    }

    /** A customer (one per phone number) with their visits: bookings that were not cancelled. */
    record Customer(String phone, String customerName, long visits, Instant firstVisit, Instant lastVisit) {
    }

    private static final RowMapper<Booking> BOOKING = (rs, i) -> new Booking(rs.getString("code"),
            rs.getString("customer_name"), rs.getString("phone"), rs.getString("address"), rs.getString("issue_type"),
            instant(rs, "slot_start"), rs.getString("status"), rs.getString("technician"), instant(rs, "created_at"),
            instant(rs, "updated_at"));

    private final JdbcTemplate jdbc;

    Bookings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Booking> find(String query, String status, int limit) {
        String like = "%" + (query == null ? "" : query.strip()) + "%";
        return jdbc.query("""
                SELECT * FROM proj_booking
                 WHERE (code LIKE ? OR customer_name LIKE ? OR phone LIKE ?) AND (? IS NULL OR status = ?)
                 ORDER BY slot_start DESC LIMIT ?""", BOOKING, like, like, like, blankToNull(status), blankToNull(status), limit);
    }

    /** Customers whose name or phone matches {@code query}; the busiest first. */
    List<Customer> customers(String query, int limit) {
        String like = "%" + (query == null ? "" : query.strip()) + "%";
        return jdbc.query("""
                SELECT phone, MAX(customer_name) AS customer_name, COUNT(*) AS visits, MIN(slot_start) AS first_visit,
                       MAX(slot_start) AS last_visit
                  FROM proj_booking WHERE status <> 'CANCELLED' AND (customer_name LIKE ? OR phone LIKE ?)
                 GROUP BY phone ORDER BY visits DESC, last_visit DESC LIMIT ?""", (rs, i) -> new Customer(rs.getString("phone"),
                rs.getString("customer_name"), rs.getLong("visits"), instant(rs, "first_visit"), instant(rs, "last_visit")),
                like, like, limit);
    }

    /** Bookings (not cancelled) per KST day with a slot in [from, to). */
    Map<LocalDate, Long> perDay(Instant from, Instant to) {
        Map<LocalDate, Long> days = new TreeMap<>();
        jdbc.query("""
                SELECT DATE(CONVERT_TZ(slot_start, '+00:00', '+09:00')) AS day, COUNT(*) AS bookings
                  FROM proj_booking WHERE slot_start >= ? AND slot_start < ? AND status <> 'CANCELLED'
                 GROUP BY day ORDER BY day""", rs -> {
            days.put(rs.getObject("day", LocalDate.class), rs.getLong("bookings"));
        }, Timestamp.from(from), Timestamp.from(to));
        return days;
    }

    /** Every booking (cancelled included, so the day's story is complete) with a slot in [from, to), by slot. */
    List<Booking> between(Instant from, Instant to) {
        return jdbc.query("SELECT * FROM proj_booking WHERE slot_start >= ? AND slot_start < ? ORDER BY slot_start, code",
                BOOKING, Timestamp.from(from), Timestamp.from(to));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
