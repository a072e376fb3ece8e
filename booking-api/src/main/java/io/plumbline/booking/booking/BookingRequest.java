package io.plumbline.booking.booking;

import java.time.Instant;

/** What a customer asks for; validated by the web layer before it gets here. */
public record BookingRequest(String name, String phone, String address, IssueType issueType, String description,
        Instant slotStart) {
}
