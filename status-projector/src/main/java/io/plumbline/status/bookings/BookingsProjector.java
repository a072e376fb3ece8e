package io.plumbline.status.bookings;

import static io.plumbline.status.projection.Rows.ts;

import io.plumbline.events.booking.BookingCancelled;
import io.plumbline.events.booking.BookingCreated;
import io.plumbline.events.booking.BookingStatusChanged;
import io.plumbline.status.projection.Handlers;
import io.plumbline.status.projection.Projector;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Bookings by code ({@code proj_booking}), the source of the bookings, customers and calendar pages. */
@Component
class BookingsProjector implements Projector {

    private final JdbcTemplate jdbc;

    BookingsProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void declare(Handlers on) {
        on.on(BookingCreated.class, b -> jdbc.update("""
                INSERT INTO proj_booking (code, customer_name, phone, address, issue_type, slot_start, status,
                                          created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE code = code""",
                b.bookingCode(), b.customerName(), b.phone(), b.address(), b.issueType(), ts(b.slotStart()),
                b.status(), ts(b.createdAt()), ts(b.createdAt())));
        on.on(BookingStatusChanged.class, b -> jdbc.update(
                "UPDATE proj_booking SET status = ?, technician = COALESCE(?, technician), updated_at = ? WHERE code = ?",
                b.to(), b.technician(), ts(b.changedAt()), b.bookingCode()));
        on.on(BookingCancelled.class, b -> jdbc.update("UPDATE proj_booking SET status = 'CANCELLED', updated_at = ? WHERE code = ?",
                ts(b.cancelledAt()), b.bookingCode()));
    }

    @Override
    public List<String> tables() {
        return List.of("proj_booking");
    }
}
