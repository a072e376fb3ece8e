package io.plumbline.booking.booking;

import java.time.Instant;

/** A repair booking as stored. Immutable: changes produce a new value and an event (see {@link BookingService}). */
public record Booking(String code, String customerName, String phone, String address, IssueType issueType,
        String description, Instant slotStart, BookingStatus status, String technician, Instant createdAt,
        Instant updatedAt) {

    public String phoneLastFour() {
        return Phone.lastFour(phone);
    }

    /** The customer's proof: the last four digits of the phone number, compared in constant time. */
    public boolean provenBy(String phoneLast4) {
        return phoneLast4 != null && java.security.MessageDigest.isEqual(
                phoneLastFour().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                phoneLast4.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Booking withStatus(BookingStatus next, String technician, Instant at) {
        return new Booking(code, customerName, phone, address, issueType, description, slotStart, next,
                technician, createdAt, at);
    }
}
