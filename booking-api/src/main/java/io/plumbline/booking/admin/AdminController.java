package io.plumbline.booking.admin;

import java.time.Instant;
import java.util.List;

import io.plumbline.booking.announcement.Announcement;
import io.plumbline.booking.announcement.Announcements;
import io.plumbline.booking.booking.Booking;
import io.plumbline.booking.booking.BookingException;
import io.plumbline.booking.booking.BookingService;
import io.plumbline.booking.booking.BookingStatus;
import io.plumbline.booking.writer.WriterGuard;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The admin API the console calls with its service credential; {@code X-Plumbline-Actor} names the admin. */
@RestController
@RequestMapping("/api/admin")
class AdminController {

    static final String ACTOR = "X-Plumbline-Actor";

    private final BookingService bookings;
    private final AdminOperations operations;
    private final Announcements announcements;
    private final AuditLog audit;
    private final WriterGuard writer;

    AdminController(BookingService bookings, AdminOperations operations, Announcements announcements, AuditLog audit,
            WriterGuard writer) {
        this.writer = writer;
        this.bookings = bookings;
        this.operations = operations;
        this.announcements = announcements;
        this.audit = audit;
    }

    @GetMapping("/bookings")
    List<Booking> search(@RequestParam(required = false) BookingStatus status, @RequestParam(required = false) String q,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "200") int limit) {
        return bookings.search(status, q, from, to, Math.max(1, Math.min(limit, 1000)));
    }

    @GetMapping("/bookings/{code}")
    BookingService.BookingView get(@PathVariable String code) {
        return bookings.get(code).orElseThrow(() -> new BookingException(BookingException.Kind.NOT_FOUND, "booking.not-found", "code"));
    }

    @PostMapping("/bookings/{code}/status")
    Booking changeStatus(@PathVariable String code, @Valid @RequestBody StatusChange change,
            @RequestHeader(name = ACTOR, required = false) String actor) {
        String who = actor(actor);
        return writer.call(() -> operations.changeStatus(code, change.status(), change.technician(), change.note(), who));
    }

    @GetMapping("/announcements")
    List<Announcement> announcements() {
        return announcements.all();
    }

    @PostMapping("/announcements")
    @ResponseStatus(HttpStatus.CREATED)
    Announcement publish(@Valid @RequestBody AnnouncementForm form, @RequestHeader(name = ACTOR, required = false) String actor) {
        String who = actor(actor);
        return writer.call(() -> operations.publish(form.title(), form.body(), form.pinned(), who));
    }

    @PutMapping("/announcements/{id}")
    Announcement edit(@PathVariable String id, @Valid @RequestBody AnnouncementForm form,
            @RequestHeader(name = ACTOR, required = false) String actor) {
        String who = actor(actor);
        return writer.call(() -> operations.edit(id, form.title(), form.body(), form.pinned(), who));
    }

    @DeleteMapping("/announcements/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void withdraw(@PathVariable String id, @RequestHeader(name = ACTOR, required = false) String actor) {
        String who = actor(actor);
        writer.call(() -> {
            operations.withdraw(id, who);
            return null;
        });
    }

    @GetMapping("/audit")
    List<AuditLog.Entry> audit(@RequestParam(defaultValue = "100") int limit) {
        return audit.recent(Math.max(1, Math.min(limit, 1000)));
    }

    private static String actor(String actor) {
        if (actor == null || actor.isBlank() || actor.length() > 100 || actor.codePoints().anyMatch(Character::isISOControl)) {
            throw new BookingException(BookingException.Kind.INVALID, "admin.actor.required", ACTOR);
        }
        return actor.trim();
    }

    record StatusChange(@NotNull BookingStatus status, @Size(max = 50) String technician, @Size(max = 500) String note) {
    }

    record AnnouncementForm(@NotBlank(message = "{announcement.title.required}") @Size(max = 200, message = "{announcement.title.size}") String title,
            @NotBlank(message = "{announcement.body.required}") @Size(max = 4000, message = "{announcement.body.size}") String body,
            boolean pinned) {
    }
}
