package io.plumbline.booking.booking;

import java.time.Instant;

/** One step of a booking's history, as shown to the customer and the admin. */
public record HistoryEntry(BookingStatus status, String changedBy, String note, Instant at) {
}
