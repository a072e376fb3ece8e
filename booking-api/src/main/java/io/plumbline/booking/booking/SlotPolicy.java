package io.plumbline.booking.booking;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Which visit slots can be booked: on a slot boundary, inside opening hours (Asia/Seoul), at least the lead time
 * ahead and at most {@code maxDaysAhead} ahead.
 */
public record SlotPolicy(LocalTime opening, LocalTime closing, Duration slotLength, Duration minLeadTime, int maxDaysAhead) {

    public static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    /** Why a slot cannot be booked, as a message key, or empty if it can. */
    public Optional<String> violation(Instant slotStart, Instant now) {
        ZonedDateTime local = slotStart.atZone(SEOUL);
        if (!slotStart.isAfter(now)) {
            return Optional.of("booking.slot.past");
        }
        if (slotStart.isBefore(now.plus(minLeadTime))) {
            return Optional.of("booking.slot.too-soon");
        }
        if (slotStart.isAfter(now.plus(Duration.ofDays(maxDaysAhead)))) {
            return Optional.of("booking.slot.too-far");
        }
        LocalTime time = local.toLocalTime();
        if (time.isBefore(opening) || !time.plus(slotLength).minusNanos(1).isBefore(closing)) {
            return Optional.of("booking.slot.out-of-hours");
        }
        long minutesIntoDay = Duration.between(opening, time).toMinutes();
        if (time.getSecond() != 0 || time.getNano() != 0 || minutesIntoDay % slotLength.toMinutes() != 0) {
            return Optional.of("booking.slot.not-on-boundary");
        }
        return Optional.empty();
    }
}
