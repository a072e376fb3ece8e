package io.plumbline.booking.web;

import java.time.LocalDate;
import java.time.LocalTime;

import io.plumbline.booking.announcement.Announcements;
import io.plumbline.booking.booking.BookingProperties;
import io.plumbline.booking.booking.IssueType;
import io.plumbline.booking.booking.SlotPolicy;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The customer page, server-rendered in the customer's language; the form talks to the JSON API. */
@Controller
class CustomerPage {

    private final Announcements announcements;
    private final BookingProperties properties;

    CustomerPage(Announcements announcements, BookingProperties properties) {
        this.announcements = announcements;
        this.properties = properties;
    }

    @GetMapping("/")
    String index(Model model) {
        LocalDate today = LocalDate.now(SlotPolicy.SEOUL);
        model.addAttribute("announcements", safeAnnouncements());
        model.addAttribute("issueTypes", IssueType.values());
        model.addAttribute("minDate", today);
        model.addAttribute("maxDate", today.plusDays(properties.maxDaysAhead()));
        java.util.List<String> hours = new java.util.ArrayList<>();
        for (LocalTime t = properties.openingTime(); !t.plus(properties.slotLength()).isAfter(properties.closingTime());
                t = t.plus(properties.slotLength())) {
            hours.add(t.toString());
        }
        model.addAttribute("hours", hours);
        return "index";
    }

    /** The page renders even when the database does not answer: look-ups may still work through the API. */
    private java.util.List<io.plumbline.booking.announcement.Announcement> safeAnnouncements() {
        try {
            return announcements.all();
        } catch (RuntimeException e) {
            return java.util.List.of();
        }
    }
}
