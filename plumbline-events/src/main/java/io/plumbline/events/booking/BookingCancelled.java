package io.plumbline.events.booking;

import java.time.Instant;

/** A booking was cancelled by the customer ({@code cancelledBy = "customer"}) or by an admin (their name). */
public record BookingCancelled(String bookingCode, String previousStatus, String cancelledBy, String reason,
        Instant cancelledAt) implements BookingEvent {

    @Override
    public String subject() {
        return bookingCode;
    }
}
