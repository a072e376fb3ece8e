package io.plumbline.booking.booking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** JDBC access to bookings, slots, history and idempotency keys on the writer. */
@Repository
class BookingStore {

    private static final RowMapper<Booking> BOOKING = BookingStore::map;
    private static final String COLUMNS = "code, customer_name, phone, address, issue_type, description, slot_start, status, "
            + "technician, created_at, updated_at";

    private final JdbcTemplate jdbc;

    BookingStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes one place in the slot; {@code false} when the slot is full. Row-level atomic in the database. */
    boolean reserveSlot(Instant slotStart, int capacity) {
        jdbc.update("INSERT INTO slot (slot_start, capacity, booked) VALUES (?, ?, 0) ON DUPLICATE KEY UPDATE slot_start = slot_start",
                Timestamp.from(slotStart), capacity);
        return jdbc.update("UPDATE slot SET booked = booked + 1 WHERE slot_start = ? AND booked < capacity",
                Timestamp.from(slotStart)) == 1;
    }

    void releaseSlot(Instant slotStart) {
        jdbc.update("UPDATE slot SET booked = booked - 1 WHERE slot_start = ? AND booked > 0", Timestamp.from(slotStart));
    }

    /** Inserts; {@code false} on a code collision (the caller draws another code). */
    boolean insert(Booking b) {
        try {
            jdbc.update("INSERT INTO booking (" + COLUMNS + ", phone_last4) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    b.code(), b.customerName(), b.phone(), b.address(), b.issueType().name(), b.description(),
                    Timestamp.from(b.slotStart()), b.status().name(), b.technician(), Timestamp.from(b.createdAt()),
                    Timestamp.from(b.updatedAt()), b.phoneLastFour());
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Updates status and technician only if the status is still {@code expected} (optimistic check). */
    boolean updateStatus(Booking b, BookingStatus expected) {
        return jdbc.update("UPDATE booking SET status = ?, technician = ?, updated_at = ? WHERE code = ? AND status = ?",
                b.status().name(), b.technician(), Timestamp.from(b.updatedAt()), b.code(), expected.name()) == 1;
    }

    Optional<Booking> find(String code) {
        return jdbc.query("SELECT " + COLUMNS + " FROM booking WHERE code = ?", BOOKING, code).stream().findFirst();
    }

    Optional<Booking> findForUpdate(String code) {
        return jdbc.query("SELECT " + COLUMNS + " FROM booking WHERE code = ? FOR UPDATE", BOOKING, code).stream().findFirst();
    }

    void history(String code, BookingStatus status, String changedBy, String note, Instant at) {
        jdbc.update("INSERT INTO booking_history (code, status, changed_by, note, changed_at) VALUES (?, ?, ?, ?, ?)",
                code, status.name(), changedBy, note, Timestamp.from(at));
    }

    /** Claims an idempotency key; {@code false} if it was already claimed (by this or another request). */
    boolean claimIdempotencyKey(String key, String requestHash, String bookingCode, Instant at) {
        try {
            jdbc.update("INSERT INTO idempotency_key (idem_key, request_hash, booking_code, created_at) VALUES (?, ?, ?, ?)",
                    key, requestHash, bookingCode, Timestamp.from(at));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    Optional<IdempotencyRecord> findIdempotencyKey(String key) {
        return jdbc.query("SELECT request_hash, booking_code FROM idempotency_key WHERE idem_key = ?",
                (rs, n) -> new IdempotencyRecord(rs.getString(1), rs.getString(2)), key).stream().findFirst();
    }

    List<Booking> search(BookingStatus status, String query, Instant from, Instant to, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM booking WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.name());
        }
        if (query != null && !query.isBlank()) {
            sql.append(" AND (code = ? OR customer_name LIKE ? OR phone LIKE ?)");
            args.add(query.trim());
            args.add("%" + query.trim() + "%");
            args.add("%" + query.trim() + "%");
        }
        if (from != null) {
            sql.append(" AND slot_start >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND slot_start < ?");
            args.add(Timestamp.from(to));
        }
        sql.append(" ORDER BY slot_start LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), BOOKING, args.toArray());
    }

    List<HistoryEntry> historyOf(String code) {
        return jdbc.query("SELECT status, changed_by, note, changed_at FROM booking_history WHERE code = ? ORDER BY id",
                (rs, n) -> new HistoryEntry(BookingStatus.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()), code);
    }

    private static Booking map(ResultSet rs, int row) throws SQLException {
        return new Booking(rs.getString("code"), rs.getString("customer_name"), rs.getString("phone"),
                rs.getString("address"), IssueType.valueOf(rs.getString("issue_type")), rs.getString("description"),
                rs.getTimestamp("slot_start").toInstant(), BookingStatus.valueOf(rs.getString("status")),
                rs.getString("technician"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    record IdempotencyRecord(String requestHash, String bookingCode) {
    }
}
