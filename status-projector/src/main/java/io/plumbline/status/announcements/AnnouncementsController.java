package io.plumbline.status.announcements;

import io.plumbline.status.audit.AuditLog;
import io.plumbline.status.bookingapi.BookingAdminClient;
import io.plumbline.status.web.ConsoleModel;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Announcements: booking-api owns them, so the page lists booking-api's current set and every change goes through its
 * admin API with the acting admin's name, and is audited here. When booking-api cannot be reached, the page falls back
 * to the projection of {@code AnnouncementPublished}/{@code Withdrawn} (read-only) and says so.
 */
@Controller
class AnnouncementsController {

    private final BookingAdminClient bookingAdmin;
    private final ProjectedAnnouncements projected;
    private final AuditLog audit;
    private final ConsoleModel page;

    AnnouncementsController(BookingAdminClient bookingAdmin, ProjectedAnnouncements projected, AuditLog audit,
            ConsoleModel page) {
        this.bookingAdmin = bookingAdmin;
        this.projected = projected;
        this.audit = audit;
        this.page = page;
    }

    @GetMapping("/announcements")
    String list(Model model) {
        page.common(model);
        model.addAttribute("titleMax", BookingAdminClient.TITLE_MAX);
        model.addAttribute("bodyMax", BookingAdminClient.BODY_MAX);
        try {
            model.addAttribute("announcements", bookingAdmin.announcements());
            model.addAttribute("live", true);
        } catch (BookingAdminClient.BookingApiException e) {
            model.addAttribute("live", false);
            model.addAttribute("unavailable", e.getMessage());
            model.addAttribute("projected", projected.all());
        }
        return "announcements/announcements";
    }

    @PostMapping("/announcements")
    String publish(@RequestParam String title, @RequestParam String body,
            @RequestParam(defaultValue = "false") boolean pinned, Principal admin, RedirectAttributes redirect) {
        return act(redirect, () -> {
            BookingAdminClient.Announcement a = bookingAdmin.publish(title, body, pinned, admin.getName());
            audit.record(admin.getName(), "announcement.publish", a.id(), a.title());
        });
    }

    @PostMapping("/announcements/{id}")
    String edit(@PathVariable String id, @RequestParam String title, @RequestParam String body,
            @RequestParam(defaultValue = "false") boolean pinned, Principal admin, RedirectAttributes redirect) {
        return act(redirect, () -> {
            BookingAdminClient.Announcement a = bookingAdmin.edit(id, title, body, pinned, admin.getName());
            audit.record(admin.getName(), "announcement.edit", id, a.title() + (a.pinned() ? " (pinned)" : ""));
        });
    }

    @PostMapping("/announcements/{id}/withdraw")
    String withdraw(@PathVariable String id, Principal admin, RedirectAttributes redirect) {
        return act(redirect, () -> {
            bookingAdmin.withdraw(id, admin.getName());
            audit.record(admin.getName(), "announcement.withdraw", id, null);
        });
    }

    private static String act(RedirectAttributes redirect, Runnable change) {
        try {
            change.run();
            redirect.addFlashAttribute("notice", "saved");
        } catch (IllegalArgumentException | BookingAdminClient.BookingApiException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/announcements";
    }
}
