package io.plumbline.events.booking;

import java.time.Instant;

/** An announcement was taken down. */
public record AnnouncementWithdrawn(String announcementId, String withdrawnBy, Instant withdrawnAt) implements BookingEvent {

    @Override
    public String subject() {
        return announcementId;
    }
}
