package io.plumbline.events.booking;

import java.time.Instant;

/**
 * A customer's booking was accepted. Carries the customer's contact details: {@code booking.events.v1}
 * is readable only by the status projector (see docs/security.md).
 *
 * @param slotStart the requested visit slot's start (UTC on the wire; shown in Asia/Seoul)
 */
public record BookingCreated(String bookingCode, String customerName, String phone, String address,
        String issueType, String description, Instant slotStart, String status, Instant createdAt) implements BookingEvent {

    @Override
    public String subject() {
        return bookingCode;
    }
}
