package io.plumbline.status.bookings;

import io.plumbline.status.audit.AuditLog;
import io.plumbline.status.bookingapi.BookingAdminClient;
import io.plumbline.status.web.ConsoleModel;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The bookings page: search the projection; status changes go through booking-api's admin API and are audited. */
@Controller
class BookingsController {

    private final Bookings bookings;
    private final BookingAdminClient bookingAdmin;
    private final AuditLog audit;
    private final ConsoleModel page;

    BookingsController(Bookings bookings, BookingAdminClient bookingAdmin, AuditLog audit, ConsoleModel page) {
        this.bookings = bookings;
        this.bookingAdmin = bookingAdmin;
        this.audit = audit;
        this.page = page;
    }

    @GetMapping("/bookings")
    String bookings(@RequestParam(required = false) String q, @RequestParam(required = false) String status, Model model) {
        page.common(model);
        model.addAttribute("q", q);
        model.addAttribute("status", status);
        model.addAttribute("bookings", bookings.find(q, status, 200));
        return "bookings/bookings";
    }

    @PostMapping("/bookings/status")
    String changeBookingStatus(@RequestParam String code, @RequestParam String status, Principal admin,
            RedirectAttributes redirect) {
        try {
            bookingAdmin.changeStatus(code, status, admin.getName());
            audit.record(admin.getName(), "booking.status", code, status);
            redirect.addFlashAttribute("notice", code + " → " + status);
        } catch (IllegalArgumentException | BookingAdminClient.BookingApiException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/bookings";
    }
}
