package io.plumbline.booking.announcement;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Public announcements. */
@RestController
class AnnouncementController {

    private final Announcements announcements;

    AnnouncementController(Announcements announcements) {
        this.announcements = announcements;
    }

    @GetMapping("/api/announcements")
    List<Announcement> list() {
        return announcements.all();
    }
}
