package io.plumbline.events.booking;

import java.time.Instant;

import io.plumbline.events.EventPayload;

/** A booking was cancelled by the customer ({@code cancelledBy = "customer"}) or by an admin (their name). */
public record BookingCancelled(String bookingCode, String previousStatus, String cancelledBy, String reason,
        Instant cancelledAt) implements EventPayload {

    @Override
    public String subject() {
        return bookingCode;
    }
}
