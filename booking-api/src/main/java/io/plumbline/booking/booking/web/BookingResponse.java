package io.plumbline.booking.booking.web;

import java.time.Instant;
import java.util.List;

import io.plumbline.booking.booking.Booking;
import io.plumbline.booking.booking.BookingService;
import io.plumbline.booking.booking.HistoryEntry;

/** A booking as a customer sees it: no full phone number, no internal ids. */
record BookingResponse(String bookingCode, String status, String issueType, String customerName, String address,
        Instant slotStart, String technician, Instant createdAt, List<Step> history) {

    record Step(String status, Instant at) {
    }

    static BookingResponse of(Booking b, List<HistoryEntry> history) {
        return new BookingResponse(b.code(), b.status().name(), b.issueType().name(), mask(b.customerName()), b.address(),
                b.slotStart(), b.technician(), b.createdAt(),
                history.stream().map(h -> new Step(h.status().name(), h.at())).toList());
    }

    static BookingResponse of(BookingService.BookingView view) {
        return of(view.booking(), view.history());
    }

    /** 김철수 → 김*수: enough for the customer to recognise, not enough to identify. */
    private static String mask(String name) {
        if (name.length() <= 1) {
            return name;
        }
        if (name.length() == 2) {
            return name.charAt(0) + "*";
        }
        return name.charAt(0) + "*".repeat(name.length() - 2) + name.charAt(name.length() - 1);
    }
}
