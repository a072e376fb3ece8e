package io.plumbline.events.booking;

import java.time.Instant;

/** An admin moved a booking along {@code PENDING → ASSIGNED → IN_PROGRESS → COMPLETED}. */
public record BookingStatusChanged(String bookingCode, String from, String to, String technician, String changedBy,
        Instant changedAt) implements BookingEvent {

    @Override
    public String subject() {
        return bookingCode;
    }
}
