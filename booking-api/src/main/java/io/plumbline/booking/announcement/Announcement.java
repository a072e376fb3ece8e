package io.plumbline.booking.announcement;

import java.time.Instant;

/** A notice shown on the customer page (pinned ones first). */
public record Announcement(String id, String title, String body, boolean pinned, String createdBy, Instant createdAt,
        Instant updatedAt) {
}
