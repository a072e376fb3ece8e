package io.plumbline.booking.booking;

import java.util.Map;
import java.util.Set;

/** A booking's life: {@code PENDING → ASSIGNED → IN_PROGRESS → COMPLETED}, or {@code CANCELLED} before work starts. */
public enum BookingStatus {
    PENDING, ASSIGNED, IN_PROGRESS, COMPLETED, CANCELLED;

    private static final Map<BookingStatus, Set<BookingStatus>> NEXT = Map.of(
            PENDING, Set.of(ASSIGNED, CANCELLED),
            ASSIGNED, Set.of(IN_PROGRESS, PENDING, CANCELLED),
            IN_PROGRESS, Set.of(COMPLETED),
            COMPLETED, Set.of(),
            CANCELLED, Set.of());

    public boolean canMoveTo(BookingStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** Customers may cancel only while nobody has been assigned yet. */
    public boolean customerMayCancel() {
        return this == PENDING;
    }
}
