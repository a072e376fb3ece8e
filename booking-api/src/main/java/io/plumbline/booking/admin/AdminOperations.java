package io.plumbline.booking.admin;

import io.plumbline.booking.announcement.Announcement;
import io.plumbline.booking.announcement.Announcements;
import io.plumbline.booking.booking.Booking;
import io.plumbline.booking.booking.BookingService;
import io.plumbline.booking.booking.BookingStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Admin changes with their audit record, in one transaction. */
@Service
class AdminOperations {

    private final BookingService bookings;
    private final Announcements announcements;
    private final AuditLog audit;

    AdminOperations(BookingService bookings, Announcements announcements, AuditLog audit) {
        this.bookings = bookings;
        this.announcements = announcements;
        this.audit = audit;
    }

    @Transactional
    Booking changeStatus(String code, BookingStatus status, String technician, String note, String actor) {
        Booking changed = bookings.changeStatus(code, status, technician, actor, note);
        audit.record(actor, "booking.status", code, status + (technician == null ? "" : " technician=" + technician)
                + (note == null ? "" : " note=" + note));
        return changed;
    }

    @Transactional
    Announcement publish(String title, String body, boolean pinned, String actor) {
        Announcement a = announcements.publish(title, body, pinned, actor);
        audit.record(actor, "announcement.publish", a.id(), title);
        return a;
    }

    @Transactional
    Announcement edit(String id, String title, String body, boolean pinned, String actor) {
        Announcement a = announcements.edit(id, title, body, pinned, actor);
        audit.record(actor, "announcement.edit", id, title);
        return a;
    }

    @Transactional
    void withdraw(String id, String actor) {
        announcements.withdraw(id, actor);
        audit.record(actor, "announcement.withdraw", id, null);
    }
}
