package io.plumbline.events.booking;

import java.time.Instant;

import io.plumbline.events.EventPayload;

/** An announcement was taken down. */
public record AnnouncementWithdrawn(String announcementId, String withdrawnBy, Instant withdrawnAt) implements EventPayload {

    @Override
    public String subject() {
        return announcementId;
    }
}
