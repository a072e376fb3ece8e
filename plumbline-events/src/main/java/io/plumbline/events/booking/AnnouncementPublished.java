package io.plumbline.events.booking;

import java.time.Instant;

/** An announcement was published or edited (the latest publication wins). */
public record AnnouncementPublished(String announcementId, String title, String body, boolean pinned,
        String publishedBy, Instant publishedAt) implements BookingEvent {

    @Override
    public String subject() {
        return announcementId;
    }
}
